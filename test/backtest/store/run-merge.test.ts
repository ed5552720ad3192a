import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RunMerger } from '../../../src/backtest/store/run-merge.ts';
import { LOADER_COLUMNS, WindowBuffer } from '../../../src/backtest/store/window-buffer.ts';
import { shuffle } from './helpers.ts';

type Key = readonly [openTime: number, pair: number];

/** A buffer holding `keys` in the given physical order; value columns encode the key so rows stay recognisable. */
function bufferOf(keys: readonly Key[], pieces = 1): WindowBuffer {
  const buffer = new WindowBuffer(1);
  const step = Math.max(1, Math.ceil(keys.length / pieces));
  for (let at = 0; at < keys.length; at += step) {
    const part = keys.slice(at, at + step);
    const columns = Array.from({ length: LOADER_COLUMNS }, (_, c) => part.map(([t, p]) => (c === 0 ? t : c === 1 ? p : t * 10 + p + c / 10)));
    buffer.appendRows(columns, part.length);
  }
  return buffer;
}

/** Drains a merger with blocks of at most `max` rows; returns the keys in merged order and the block sizes. */
function merge(buffer: WindowBuffer, max: number): { keys: Key[]; fills: number[] } {
  const merger = new RunMerger();
  merger.init(buffer);
  const starts = new Int32Array(max);
  const lengths = new Int32Array(max);
  const keys: Key[] = [];
  const fills: number[] = [];
  for (let blocks = merger.fill(starts, lengths, max); blocks > 0; blocks = merger.fill(starts, lengths, max)) {
    let rows = 0;
    for (let b = 0; b < blocks; b++) {
      for (let i = starts[b]; i < starts[b] + lengths[b]; i++) {
        keys.push([buffer.columns[0][i], buffer.columns[1][i]]);
        expect(buffer.columns[5][i]).toBe(buffer.columns[0][i] * 10 + buffer.columns[1][i] + 0.5);
      }
      rows += lengths[b];
    }
    expect(rows).toBe(merger.rows);
    fills.push(rows);
  }
  return { keys, fills };
}

const sorted = (keys: readonly Key[]): Key[] => [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]);

/** Unique (open time, pair) keys: a few pairs on a time grid with gaps, so timestamps repeat across pairs. */
const uniqueKeys = fc
  .uniqueArray(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 4 })), { selector: ([t, p]) => t * 8 + p, maxLength: 200 })
  .map((ks) => ks.map(([t, p]): Key => [1_600_000_000_000 + t * 60_000, p]));

describe('WindowBuffer runs', () => {
  it.each([
    ['ascending by time then pair', [[1, 0], [1, 1], [2, 0], [3, 1]], [0]],
    ['pairs stored one after the other', [[1, 0], [2, 0], [3, 0], [1, 1], [3, 1]], [0, 3]],
    ['equal key repeats start a run', [[1, 0], [1, 0]], [0, 1]],
    ['pair order breaks a run at equal time', [[1, 1], [1, 0]], [0, 1]],
    ['time going back breaks a run', [[5, 0], [6, 0], [4, 1], [7, 1], [2, 0]], [0, 2, 4]],
    ['empty', [], []],
  ] as Array<[string, Key[], number[]]>)('%s', (_, keys, runStarts) => {
    // split into pieces so run detection across appends is covered too
    for (const pieces of [1, 2, keys.length || 1]) expect(bufferOf(keys, pieces).runStarts).toEqual(runStarts);
  });

  it('calls rows in random order disordered, a few long runs not', () => {
    const grid: Key[] = Array.from({ length: 5000 }, (_, i) => [Math.floor(i / 5) * 60_000, i % 5]);
    const perPair = [0, 1, 2, 3, 4].flatMap((p) => grid.filter((k) => k[1] === p));
    const shuffled = shuffle(grid, 7);
    expect(bufferOf(grid).disordered).toBe(false);
    expect(bufferOf(perPair).disordered).toBe(false);
    expect(bufferOf(shuffled).disordered).toBe(true);
  });

  it('grows past its initial capacity without losing rows', () => {
    const keys: Key[] = Array.from({ length: 1000 }, (_, i) => [i, 0]);
    const buffer = bufferOf(keys, 7);
    expect(buffer.length).toBe(1000);
    expect(Array.from(buffer.columns[0].subarray(0, 1000))).toEqual(keys.map((k) => k[0]));
  });
});

describe('RunMerger', () => {
  it('merges any physical order into (open time, pair) order, whatever the block limit', () => {
    fc.assert(
      fc.property(uniqueKeys, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 64 }), fc.integer(), (keys, pieces, max, seed) => {
        // physical orders: as generated (random), sorted, per pair, and per pair in reversed time blocks
        const bySorted = sorted(keys);
        const perPair = [...bySorted].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
        const blocks = Math.abs(seed % 4) + 1;
        const reversedBlocks = Array.from({ length: blocks }, (_, b) => perPair.filter((_k, i) => i % blocks === b)).reverse().flat();
        for (const order of [keys, bySorted, perPair, reversedBlocks]) {
          const { keys: merged, fills } = merge(bufferOf(order, pieces), max);
          expect(merged).toEqual(bySorted);
          expect(fills.every((n, i) => n === max || i === fills.length - 1)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('hands out non-overlapping runs as whole blocks', () => {
    // two runs, the second entirely after the first (parallel scan chunks): two blocks, not 2000
    const keys: Key[] = [...Array.from({ length: 1000 }, (_, i): Key => [2000 + i, 0]), ...Array.from({ length: 1000 }, (_, i): Key => [i, 0])];
    const buffer = bufferOf(keys);
    const merger = new RunMerger();
    merger.init(buffer);
    const starts = new Int32Array(4096);
    const lengths = new Int32Array(4096);
    expect(merger.fill(starts, lengths, 4096)).toBe(2);
    expect([starts[0], lengths[0], starts[1], lengths[1], merger.rows]).toEqual([1000, 1000, 0, 1000, 2000]);
    expect(merger.fill(starts, lengths, 4096)).toBe(0);
  });
});
