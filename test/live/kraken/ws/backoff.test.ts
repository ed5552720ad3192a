import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReconnectBackoff } from '../../../../src/live/kraken/ws/backoff.ts';

describe('ReconnectBackoff', () => {
  it.each([
    [0, [50, 100, 200, 400, 500, 500]],
    [0.5, [75, 150, 300, 600, 750, 750]],
    [0.999999, [100, 200, 400, 800, 1000, 1000]],
  ])('random %d gives delays %j', (r, expected) => {
    const b = new ReconnectBackoff({ initialMs: 100, factor: 2, maxMs: 1000, jitter: 0.5 }, () => r);
    expect(expected.map(() => b.next().delayMs)).toEqual(expected);
    expect(b.attempt).toBe(6);
    b.reset();
    expect(b.next()).toEqual({ attempt: 1, delayMs: expected[0] });
  });

  it('honours a floor (maintenance) and rejects nonsense options', () => {
    const b = new ReconnectBackoff({ initialMs: 100, factor: 2, maxMs: 1000, jitter: 0 }, () => 0);
    expect(b.next(5000).delayMs).toBe(5000);
    expect(() => new ReconnectBackoff({ initialMs: 100, factor: 0.5, maxMs: 1000, jitter: 0 })).toThrow(/invalid backoff/);
    expect(() => new ReconnectBackoff({ initialMs: 100, factor: 2, maxMs: 1000, jitter: 2 })).toThrow(/invalid backoff/);
  });

  it('delays stay within [base*(1-jitter), min(max, base)] for any random source', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 }), (rs) => {
        let i = 0;
        const b = new ReconnectBackoff({ initialMs: 100, factor: 2, maxMs: 3000, jitter: 0.3 }, () => rs[i++ % rs.length]);
        for (let n = 1; n <= rs.length; n++) {
          const base = Math.min(3000, 100 * 2 ** (n - 1));
          const d = b.next().delayMs;
          expect(d).toBeGreaterThanOrEqual(Math.round(base * 0.7) - 1);
          expect(d).toBeLessThanOrEqual(base);
        }
      }),
    );
  });
});
