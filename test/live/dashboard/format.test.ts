import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFixed } from '../../../src/core/decimal/fixed.ts';
import { amount, roundText, signed } from '../../../src/live/dashboard/web/format.ts';

/** Half away from zero on the exact value, as the dashboard promises (no float in between). */
function expected(v: bigint, d: number): string {
  const scale = 10n ** BigInt(18 - d);
  const a = v < 0n ? -v : v;
  let q = a / scale;
  if ((a % scale) * 2n >= scale) q++;
  const s = q.toString().padStart(d + 1, '0');
  const body = d ? `${s.slice(0, -d)}.${s.slice(-d)}` : s;
  return (v < 0n && q !== 0n ? '-' : '') + body;
}

describe('dashboard number formatting (exact, per instrument precision)', () => {
  it('rounds exact decimal text like bigint arithmetic does (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 12 }), (v, d) => {
        expect(roundText(formatFixed(v), d).replace(/,/g, '')).toBe(expected(v, d));
      }),
    );
  });

  it.each([
    ['29644.25', 1, '29,644.3'],
    ['0.000262415', 8, '0.00026242'],
    ['999.995', 2, '1,000.00'],
    ['-0.004', 2, '0.00'], // no "-0.00"
    ['1234567', 0, '1,234,567'],
    ['0.1', 4, '0.1000'],
  ])('roundText(%s, %i) = %s', (text, d, out) => {
    expect(roundText(text, d)).toBe(out);
  });

  it('amounts carry their asset; signed values show their sign', () => {
    expect(amount('0.31495605', 'BTC')).toBe('0.31495605 BTC');
    expect(amount('9290.0712', 'USD')).toBe('9,290.07 USD');
    expect(amount(null, 'USD')).toBe('—');
    expect(signed('277.914', 2)).toBe('+277.91');
    expect(signed('-70.826', 2)).toBe('-70.83');
    expect(signed('0', 2)).toBe('0.00');
  });
});
