import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GrowableColumn } from '../../../src/backtest/run/growable.ts';

describe('GrowableColumn', () => {
  it('gives back exactly what was pushed, in order, across chunk boundaries', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 200_000 }), fc.double({ noNaN: true }), (n, x) => {
      const c = new GrowableColumn();
      for (let i = 0; i < n; i++) c.push(i === 7 ? x : i * 0.5);
      const a = c.toArray();
      expect(a.length).toBe(n);
      expect(c.length).toBe(n);
      for (let i = 0; i < n; i++) if (a[i] !== (i === 7 ? x : i * 0.5)) expect.unreachable(`index ${i}`);
    }), { numRuns: 25 });
  });

  it('toArray is a copy: pushing more does not change it', () => {
    const c = new GrowableColumn();
    c.push(1);
    const a = c.toArray();
    c.push(2);
    expect([...a]).toEqual([1]);
    expect([...c.toArray()]).toEqual([1, 2]);
  });
});

describe('GrowableColumn.finish', () => {
  it('hands out exactly the samples, without a copy, and refuses pushes after it', () => {
    const c = new GrowableColumn();
    for (let i = 0; i < 100_000; i++) c.push(i * 0.25);
    const a = c.finish();
    expect(a.length).toBe(100_000);
    expect(a[0]).toBe(0);
    expect(a[99_999]).toBe(99_999 * 0.25);
    expect(Array.from(a.slice(1, 4))).toEqual([0.25, 0.5, 0.75]);
    expect(() => {
      for (let i = 0; i < 2; i++) c.push(1);
    }).toThrow(/push after finish/);
  });
});
