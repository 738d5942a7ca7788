/** Stable error codes of the load generator, and the factories that make its errors. */
export const LoadErrorCodes = {
  /** An option is missing, malformed or out of range. */
  OPTIONS: 'ERR_LOAD_OPTIONS',
  /** Not one client could connect: there is nothing to measure. */
  CONNECT: 'ERR_LOAD_CONNECT',
  /** A client worker thread crashed or did not report in time. */
  WORKER: 'ERR_LOAD_WORKER',
} as const;

/** One of the {@link LoadErrorCodes} values. */
export type LoadErrorCode = (typeof LoadErrorCodes)[keyof typeof LoadErrorCodes];

/** An Error from the load generator, with a stable `code`. */
export type LoadError = Error & { readonly code: LoadErrorCode };

function loadError(code: LoadErrorCode, message: string): LoadError {
  return Object.assign(new Error(message), { code });
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

/** True if `error` is a load-generator error with the given code. */
export function isLoadError(error: unknown, code: LoadErrorCode): error is LoadError {
  return error instanceof Error && (error as { code?: unknown }).code === code;
}
