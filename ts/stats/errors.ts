/** Stable error codes of the statistics, and the factory that makes their errors. */
export const StatsErrorCodes = {
  /** The slices or values handed in cannot be analysed (a non-positive rate, a round measured twice…). */
  INPUT: 'ERR_STATS_INPUT',
} as const;

/** One of the {@link StatsErrorCodes} values. */
export type StatsErrorCode = (typeof StatsErrorCodes)[keyof typeof StatsErrorCodes];

/** An Error from the statistics, with a stable `code`. */
export type StatsError = Error & { readonly code: StatsErrorCode };

/** Bad input to a statistics function: says what is wrong with it. */
export function statsInputError(message: string): StatsError {
  return Object.assign(new RangeError(message), { code: StatsErrorCodes.INPUT });
}
