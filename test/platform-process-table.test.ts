/**
 * The portable sampler's core, from what each OS's tool prints: `ps` on macOS (hundredths of a
 * second), `ps` from procps (whole seconds, days), the Windows helper's Win32_Process lines; the
 * tree found by parent PID, its sums, and the peak kept where the OS keeps none.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  descendantsIn,
  parsePsTable,
  parsePsTime,
  parseWindowsTable,
  treeUsageOf,
} from '../ts/platform/process-table.js';

test('ps times: BSD/macOS hundredths, procps whole seconds and days', () => {
  assert.deepEqual(parsePsTime('0:01.23'), { ms: 1230, resolutionMs: 10 });
  assert.deepEqual(parsePsTime('123:45.67'), { ms: (123 * 60 + 45) * 1000 + 670, resolutionMs: 10 });
  assert.deepEqual(parsePsTime('00:01:02'), { ms: 62_000, resolutionMs: 1000 });
  assert.deepEqual(parsePsTime('2-03:04:05'), {
    ms: (((2 * 24 + 3) * 60 + 4) * 60 + 5) * 1000,
    resolutionMs: 1000,
  });
  assert.equal(parsePsTime('TIME'), undefined);
  assert.equal(parsePsTime(''), undefined);
});

// `ps -A -o pid=,ppid=,rss=,time=` as macOS prints it (columns right-aligned, hundredths).
const MACOS = `    1     0  12345   1:23.45
  500     1  80000   0:10.50
  501   500  40000   0:05.25
  502   501  20000   0:00.75
  600     1   9000   0:00.01
`;

// The same tree as procps prints it (whole seconds), plus a line that is not a process.
const PROCPS = `      1       0 12345 00:01:23
    500       1 80000 00:00:10
    501     500 40000 00:00:05
    502     501 20000 00:00:00
    600       1  9000 00:00:00
garbage line
`;

test('a macOS ps table: the tree under a PID, its CPU and memory, at 10 ms steps', () => {
  const table = parsePsTable(MACOS);
  assert.equal(table.rows.length, 5);
  assert.equal(table.cpuResolutionMs, 10);
  assert.deepEqual(descendantsIn(table.rows, 500), [501, 502]);
  assert.deepEqual(treeUsageOf(table, 500), { cpuMs: 16_500, peakRssMiB: 140_000 / 1024, processes: 3 });
  assert.equal(treeUsageOf(table, 4242), undefined, 'a PID not in the table');
});

test('a procps table: whole seconds, so a resolution of 1 s', () => {
  const table = parsePsTable(PROCPS);
  assert.equal(table.rows.length, 5, 'the garbage line is skipped');
  assert.equal(table.cpuResolutionMs, 1000);
  assert.equal(treeUsageOf(table, 500)?.cpuMs, 15_000);
});

test('without an OS peak, the peak is the largest RSS seen at a sample, per process', () => {
  const peaks = new Map<number, number>();
  const high = parsePsTable('500 1 80000 0:01.00\n501 500 40000 0:01.00\n');
  const low = parsePsTable('500 1 30000 0:02.00\n501 500 50000 0:02.00\n');
  assert.equal(treeUsageOf(high, 500, peaks)?.peakRssMiB, 120_000 / 1024);
  // 500 fell to 30000 (its peak stays 80000); 501 rose to 50000.
  assert.equal(treeUsageOf(low, 500, peaks)?.peakRssMiB, 130_000 / 1024);
});

test("Windows' table: CPU in 100 ns units, RSS in bytes, the OS's own peak in KiB", () => {
  const output =
    '4 0 1000000 4096 8\r\n700 4 25000000 104857600 204800\r\n701 700 5000000 52428800 61440\r\nend\r\n';
  const table = parseWindowsTable(output);
  assert.equal(table.rows.length, 3);
  assert.equal(table.cpuResolutionMs, 15.625);
  assert.deepEqual(treeUsageOf(table, 700), {
    cpuMs: 3000,
    peakRssMiB: (204_800 + 61_440) / 1024,
    processes: 2,
  });
});

test("a reused PID cannot make the walk go round (Windows keeps dead parents' PIDs)", () => {
  // 700's parent is 701 and 701's parent is 700: each is listed once.
  const table = parsePsTable('700 701 1000 0:01.00\n701 700 1000 0:01.00\n');
  assert.deepEqual(descendantsIn(table.rows, 700), [701]);
  assert.equal(treeUsageOf(table, 700)?.processes, 2);
});
