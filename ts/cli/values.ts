/** Parsers for flag values, shared by every command; each throws a UsageError naming the flag. */
import { UsageError } from './command.js';

/** A whole number from `min` to `max`. */
export function integerFlag(flag: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}, got '${text}'`);
  }
  return value;
}

const DURATION = /^(\d+(?:\.\d*)?|\.\d+)(ms|s|m)?$/;
const UNIT_SECONDS = { ms: 0.001, s: 1, m: 60 } as const;

/**
 * A duration in seconds: `10s`, `500ms`, `2m`, or a bare number of seconds (`1.5`), as hyperfine
 * and oha take them. `min` is inclusive; `allowZero` lets 0 through (e.g. "0 = never").
 */
export function durationFlag(
  flag: string,
  text: string,
  options: { max?: number; allowZero?: boolean } = {},
): number {
  const match = DURATION.exec(text.trim());
  const seconds = match
    ? Number(match[1]) * UNIT_SECONDS[(match[2] ?? 's') as keyof typeof UNIT_SECONDS]
    : Number.NaN;
  const max = options.max ?? 86_400;
  if (!Number.isFinite(seconds) || (seconds === 0 && !options.allowZero) || seconds > max) {
    throw new UsageError(
      `--${flag} must be a duration such as 10s, 500ms or 2m${options.allowZero ? ' (0 = off)' : ''}, at most ${max} s, got '${text}'`,
    );
  }
  return seconds;
}

/** One of a fixed list of words (a transport, a strategy, a process model…), as given. */
export function oneOfFlag<T extends string>(flag: string, text: string, valid: readonly T[]): T {
  const value = text.trim();
  if (!(valid as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} must be one of ${valid.join(', ')}, got '${text}'`);
  }
  return value as T;
}

/** A comma-separated list; every item must be one of `valid` when it is given. */
export function listFlag<T extends string>(flag: string, text: string, valid?: readonly T[]): T[] {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) throw new UsageError(`--${flag} needs at least one item, got '${text}'`);
  if (valid !== undefined) {
    for (const item of items) {
      if (!valid.includes(item as T)) {
        throw new UsageError(`--${flag}: unknown '${item}'; valid: ${valid.join(', ')}`);
      }
    }
  }
  return items as T[];
}

/** A percentage such as `5%` or `5`, returned as a fraction (0.05). */
export function percentFlag(flag: string, text: string): number {
  const match = /^(\d+(?:\.\d*)?)\s*%?$/.exec(text.trim());
  const value = match ? Number(match[1]) / 100 : Number.NaN;
  if (!(value > 0 && value < 1))
    throw new UsageError(`--${flag} must be a percentage such as 5%, got '${text}'`);
  return value;
}
