/**
 * Every stable error code of fiblab's functions, in one table by area (the wire protocol has its
 * own, see protocol.ts; a command-line mistake is a UsageError, ERR_USAGE), and the one way an
 * error gets its code. Each area's module re-exports its part under its own name.
 */
export const ERROR_CODES = {
  fib: {
    /** n is not a number (or not an integer-valued number at all). */
    FIB_TYPE: 'ERR_FIB_TYPE',
    /** n is a number but outside the integers the function accepts. */
    FIB_RANGE: 'ERR_FIB_RANGE',
  },
  load: {
    /** An option is missing, malformed or out of range. */
    OPTIONS: 'ERR_LOAD_OPTIONS',
    /** Not one client could connect: there is nothing to measure. */
    CONNECT: 'ERR_LOAD_CONNECT',
    /** A client worker thread crashed or did not report in time. */
    WORKER: 'ERR_LOAD_WORKER',
    /** A load host could not be reached, runs another commit, or failed during the run. */
    HOST: 'ERR_LOAD_HOST',
  },
  stats: {
    /** The slices or values handed in cannot be analysed (a non-positive rate, a round measured twice…). */
    INPUT: 'ERR_STATS_INPUT',
  },
  remote: {
    /** The destination or options are malformed. */
    DESTINATION: 'ERR_REMOTE_DESTINATION',
    /** ssh could not connect (or authenticate) within the time allowed. */
    CONNECT: 'ERR_REMOTE_CONNECT',
    /** A remote command did not finish within the time allowed. */
    TIMEOUT: 'ERR_REMOTE_TIMEOUT',
    /** A remote process ended before it said it had started. */
    START: 'ERR_REMOTE_START',
  },
  affinity: {
    /** A CPU list is malformed. */
    LIST: 'ERR_AFFINITY_LIST',
    /** The machine cannot give what was asked (too few cores, a CPU it does not have, overlapping sets). */
    REFUSED: 'ERR_AFFINITY_REFUSED',
    /** `taskset` is missing or failed. */
    TASKSET: 'ERR_AFFINITY_TASKSET',
  },
  baseline: {
    /** Two runs measured on other machines or with other slice settings: a ratio between them would mislead. */
    NOT_COMPARABLE: 'ERR_NOT_COMPARABLE',
  },
} as const;

/** The codes of one area of {@link ERROR_CODES}, as a union. */
export type CodeOf<Area extends keyof typeof ERROR_CODES> =
  (typeof ERROR_CODES)[Area][keyof (typeof ERROR_CODES)[Area]];

/** An Error (or subclass) that carries a stable `code`. */
export type WithCode<C extends string, E extends Error = Error> = E & { readonly code: C };

/** `error` with its stable `code` attached: every coded error of fiblab is made by this. */
export function withCode<C extends string, E extends Error>(error: E, code: C): WithCode<C, E> {
  return Object.assign(error, { code });
}

/** Stable error codes of the fib functions (the package's public names). */
export const ErrorCodes = ERROR_CODES.fib;

/** One of the {@link ErrorCodes} values. */
export type ErrorCode = CodeOf<'fib'>;

/** An Error (or subclass) that carries a stable fib `code`. */
export type CodedError<E extends Error = Error> = WithCode<ErrorCode, E>;

/** `n` has the wrong type: a TypeError with code ERR_FIB_TYPE. */
export function fibTypeError(n: unknown, maxN: number): CodedError<TypeError> {
  const got = typeof n === 'number' ? String(n) : typeof n;
  return withCode(new TypeError(`n must be an integer from 0 to ${maxN}, got ${got}`), ErrorCodes.FIB_TYPE);
}

/** `n` is a number outside 0..maxN (or not an integer): a RangeError with code ERR_FIB_RANGE. */
export function fibRangeError(n: number, maxN: number): CodedError<RangeError> {
  return withCode(new RangeError(`n must be an integer from 0 to ${maxN}, got ${n}`), ErrorCodes.FIB_RANGE);
}
