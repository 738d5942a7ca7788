export { type CodedError, type ErrorCode, ErrorCodes } from './errors.js';
export { checkN, DEFAULT_MAX_N, fib, MAX_EXACT_N } from './fib.js';
export { fibReference } from './reference.js';
