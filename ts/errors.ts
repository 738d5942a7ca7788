/** Stable error codes of fiblab's functions (the wire protocol has its own, see protocol.ts). */
export const ErrorCodes = {
  /** n is not a number (or not an integer-valued number at all). */
  FIB_TYPE: 'ERR_FIB_TYPE',
  /** n is a number but outside the integers the function accepts. */
  FIB_RANGE: 'ERR_FIB_RANGE',
} as const;

/** One of the {@link ErrorCodes} values. */
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** An Error (or subclass) that carries a stable `code`. */
export type CodedError<E extends Error = Error> = E & { readonly code: ErrorCode };

function withCode<E extends Error>(error: E, code: ErrorCode): CodedError<E> {
  return Object.assign(error, { code });
}

/** `n` has the wrong type: a TypeError with code ERR_FIB_TYPE. */
export function fibTypeError(n: unknown, maxN: number): CodedError<TypeError> {
  const got = typeof n === 'number' ? String(n) : typeof n;
  return withCode(new TypeError(`n must be an integer from 0 to ${maxN}, got ${got}`), ErrorCodes.FIB_TYPE);
}

/** `n` is a number outside 0..maxN (or not an integer): a RangeError with code ERR_FIB_RANGE. */
export function fibRangeError(n: number, maxN: number): CodedError<RangeError> {
  return withCode(new RangeError(`n must be an integer from 0 to ${maxN}, got ${n}`), ErrorCodes.FIB_RANGE);
}
