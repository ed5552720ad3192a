import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFixed } from '../../../../src/core/decimal/fixed.ts';
import { fractionDigits, isDecimalText, toPlainDecimal, withFractionDigits } from '../../../../src/live/kraken/ws/decimal-text.ts';

describe('decimal text helpers', () => {
  it.each([
    ['1e-08', '0.00000001'],
    ['1.5E3', '1500'],
    ['-2.5e-2', '-0.025'],
    ['12.5e1', '125'],
    ['0.00100000', '0.00100000'],
    ['40', '40'],
  ])('toPlainDecimal(%s) = %s', (text, plain) => expect(toPlainDecimal(text)).toBe(plain));

  it.each([
    ['0.5660', 4, '0.5660'],
    ['0.566', 4, '0.5660'],
    ['4.0', 8, '4.00000000'],
    ['1e-08', 8, '0.00000001'],
    ['62807', 1, '62807.0'],
    ['1.50', 1, '1.5'],
    ['7', 0, '7'],
  ])('withFractionDigits(%s, %d) = %s', (text, d, out) => expect(withFractionDigits(text, d)).toBe(out));

  it('refuses to drop significant digits or parse garbage', () => {
    expect(() => withFractionDigits('1.25', 1)).toThrow(/more than 1 significant decimals/);
    expect(() => toPlainDecimal('abc')).toThrow(/not a decimal number/);
    expect(isDecimalText('1e-08')).toBe(true);
    expect(isDecimalText('1.')).toBe(false);
    expect(fractionDigits('0.5660')).toBe(4);
    expect(fractionDigits('1e-08')).toBe(8);
  });

  it('exponent form and plain form denote the same exact value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: -12, max: 6 }), (mantissa, exp) => {
        const text = `${mantissa}e${exp}`;
        const plain = toPlainDecimal(text);
        const expected = exp >= 0 ? BigInt(mantissa) * 10n ** BigInt(exp) * 10n ** 18n : (BigInt(mantissa) * 10n ** 18n) / 10n ** BigInt(-exp);
        expect(parseFixed(plain)).toBe(expected);
      }),
    );
  });
});
