/**
 * A run that went wrong because the server speaks the other transport: the line protocol against
 * an HTTP server reads `HTTP/1.1 400 …` as wrong answers; `--http` against a line-protocol server
 * waits for a response head that never comes (not served). After such a run one probe in the
 * other transport on the first port says which it was, so the user reads "add --http" instead
 * of "the server is broken". Nothing is probed before or during a run: its counts stay the
 * server's own.
 */
import net from 'node:net';
import type { LoadReport } from './types.js';

/** How long the probe may take in all: a server that answers at all answers `fib(1)` at once. */
const PROBE_TIMEOUT_MS = 2000;
/** Bytes of the probe's reply looked at: an HTTP status line, or the line `1`. */
const REPLY_BYTES = 64;

/** True if the run failed in a way a wrong transport would explain (no correct reply for someone). */
export function mayBeTransportMismatch(report: LoadReport): boolean {
  const t = report.total;
  return t.wrongAnswers > 0 || t.notServed > 0 || t.requests === 0;
}

/**
 * When the server at the report's target answers the other transport, the one line that says so
 * (e.g. "the server at 127.0.0.1:25000 answers HTTP; add --http"); else null.
 */
export async function transportMismatch(report: LoadReport): Promise<string | null> {
  if (!mayBeTransportMismatch(report)) return null;
  const { host, ports, transport } = report.target;
  const port = ports[0];
  if (port === undefined) return null;
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (transport === 'http') {
    const reply = await probe(host, port, '1\n');
    return reply === '1\n' || reply.startsWith('1\r\n')
      ? `the server at ${where} answers the line protocol, not HTTP; leave out --http`
      : null;
  }
  const reply = await probe(host, port, `GET /fib/1 HTTP/1.1\r\nHost: ${where}\r\nConnection: close\r\n\r\n`);
  return /^HTTP\/1\.[01] \d{3}/.test(reply) ? `the server at ${where} answers HTTP; add --http` : null;
}

/** Sends `request` on a new connection; resolves with the first bytes of the reply ('' on any failure). */
function probe(host: string, port: number, request: string): Promise<string> {
  return new Promise((resolve) => {
    let reply = '';
    const socket = net.connect({ host, port });
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reply);
    };
    const timer = setTimeout(done, PROBE_TIMEOUT_MS);
    socket.setEncoding('latin1');
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: string) => {
      reply += chunk;
      // A whole line is enough to tell the two apart.
      if (reply.includes('\n') || reply.length >= REPLY_BYTES) done();
    });
    socket.on('error', done);
    socket.on('close', done);
  });
}
