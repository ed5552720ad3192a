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
