/**
 * SIGTERM while the event loop is busy must not close a connection whose request the server
 * has not read yet, accepted or still in the kernel's accept queue: every variant, over HTTP.
 */
import { unreadAtShutdownSuite } from './helpers/unread-at-shutdown.js';

unreadAtShutdownSuite('http');
