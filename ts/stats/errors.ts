/** Stable error codes of the statistics (their part of the one table), and the factory that makes their errors. */
import { type CodeOf, ERROR_CODES, type WithCode, withCode } from '../errors.js';

/** The statistics' codes. */
export const StatsErrorCodes = ERROR_CODES.stats;

/** One of the {@link StatsErrorCodes} values. */
export type StatsErrorCode = CodeOf<'stats'>;

/** An Error from the statistics, with a stable `code`. */
export type StatsError = WithCode<StatsErrorCode>;

/** Bad input to a statistics function: says what is wrong with it. */
export function statsInputError(message: string): StatsError {
  return withCode(new RangeError(message), StatsErrorCodes.INPUT);
}
