/** One table of error codes: every area's codes come from it, each code once, each made the same way. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NotComparableError } from '../ts/compare/analyse/baseline.js';
import { ERROR_CODES, ErrorCodes, fibRangeError } from '../ts/errors.js';
import { AffinityErrorCodes, parseCpuList } from '../ts/launch/affinity.js';
import { RemoteErrorCodes } from '../ts/launch/ssh-target.js';
import { LoadErrorCodes, optionsError } from '../ts/load/errors.js';
import { StatsErrorCodes, statsInputError } from '../ts/stats/errors.js';

test('every code is in the one table once, and each area exports its part of it', () => {
  const all = Object.values(ERROR_CODES).flatMap((area) => Object.values(area) as string[]);
  assert.equal(new Set(all).size, all.length, 'a code appears twice');
  for (const code of all) assert.match(code, /^ERR_[A-Z_]+$/);
  assert.equal(ErrorCodes, ERROR_CODES.fib);
  assert.equal(LoadErrorCodes, ERROR_CODES.load);
  assert.equal(StatsErrorCodes, ERROR_CODES.stats);
  assert.equal(RemoteErrorCodes, ERROR_CODES.remote);
  assert.equal(AffinityErrorCodes, ERROR_CODES.affinity);
});

test('the factories give the class and the code their area promises', () => {
  assert.ok(fibRangeError(99, 78) instanceof RangeError);
  assert.equal(fibRangeError(99, 78).code, 'ERR_FIB_RANGE');
  assert.ok(statsInputError('x') instanceof RangeError);
  assert.equal(statsInputError('x').code, 'ERR_STATS_INPUT');
  assert.equal(optionsError('x').code, 'ERR_LOAD_OPTIONS');
  assert.throws(() => parseCpuList('0-'), { code: 'ERR_AFFINITY_LIST' });
  assert.equal(new NotComparableError('x').code, ERROR_CODES.baseline.NOT_COMPARABLE);
});
