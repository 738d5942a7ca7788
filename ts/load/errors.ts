/** Stable error codes of the load generator (its part of the one table), and the factories that make its errors. */
import { type CodeOf, ERROR_CODES, type WithCode, withCode } from '../errors.js';

/** The load generator's codes. */
export const LoadErrorCodes = ERROR_CODES.load;

/** One of the {@link LoadErrorCodes} values. */
export type LoadErrorCode = CodeOf<'load'>;

/** An Error from the load generator, with a stable `code`. */
export type LoadError = WithCode<LoadErrorCode>;

function loadError(code: LoadErrorCode, message: string): LoadError {
  return withCode(new Error(message), code);
}

/** A bad option: the CLI turns it into exit status 2. */
export function optionsError(message: string): LoadError {
  return loadError(LoadErrorCodes.OPTIONS, message);
}

/** No client connected; `reason` is the socket error code of the first failure (e.g. ECONNREFUSED). */
export function connectError(host: string, port: number, reason: string): LoadError {
  return loadError(LoadErrorCodes.CONNECT, `cannot connect to ${host}:${port}: ${reason}`);
}

/** A worker thread failed; the run's figures would be incomplete, so there are none. */
export function workerError(message: string): LoadError {
  return loadError(LoadErrorCodes.WORKER, `client worker: ${message}`);
}

/** A load host (`local` or an ssh destination) failed: it is named, with what happened. */
export function hostError(host: string, message: string): LoadError {
  return loadError(LoadErrorCodes.HOST, `load host ${host}: ${message}`);
}

/** True if `error` is a load-generator error with the given code. */
export function isLoadError(error: unknown, code: LoadErrorCode): error is LoadError {
  return error instanceof Error && (error as { code?: unknown }).code === code;
}
