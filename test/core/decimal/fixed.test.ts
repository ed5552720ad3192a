import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { div, divRound, formatFixed, fromFloat, hasAtMostDecimals, mul, mulExact, parseFixed, roundTo, toNumber, type RoundingMode } from '../../../src/core/decimal/fixed.ts';

const E18 = 10n ** 18n;

describe('parseFixed / formatFixed', () => {
  it.each([
    ['0', 0n],
    ['1', E18],
    ['-1.5', -15n * 10n ** 17n],
    ['0.000000000000000001', 1n],
    ['.5', 5n * 10n ** 17n],
    ['+2.50', 25n * 10n ** 17n],
    ['1e-8', 10n ** 10n],
    ['2.5E3', 2500n * E18],
    ['26599.90000000', 265999n * 10n ** 17n],
  ])('parses %j exactly', (text, units) => expect(parseFixed(text)).toBe(units));

  it.each(['', 'abc', '1.2.3', '1,5', 'NaN', 'Infinity', '0.0000000000000000001', '1e-19'])('refuses %j with a message naming it', (text) => {
    expect(() => parseFixed(text)).toThrow(/decimal|decimals|18/);
  });

  it('formats without trailing zeros, or to a number of places', () => {
    expect(formatFixed(parseFixed('26599.900'))).toBe('26599.9');
    expect(formatFixed(parseFixed('-0.0001'))).toBe('-0.0001');
    expect(formatFixed(parseFixed('2.345'), 2)).toBe('2.34'); // half-even
    expect(formatFixed(parseFixed('2.355'), 2)).toBe('2.36');
    expect(formatFixed(parseFixed('7'), 3)).toBe('7.000');
  });

  it('round-trips every value exactly (property)', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), (units) => {
      expect(parseFixed(formatFixed(units))).toBe(units);
    }), { numRuns: 2000 });
  });
});

describe('rounding', () => {
  const table: [bigint, bigint, RoundingMode, bigint][] = [
    [7n, 2n, 'down', 3n], [7n, 2n, 'up', 4n], [7n, 2n, 'floor', 3n], [7n, 2n, 'ceil', 4n], [7n, 2n, 'half-even', 4n],
    [5n, 2n, 'half-even', 2n], [-7n, 2n, 'down', -3n], [-7n, 2n, 'up', -4n], [-7n, 2n, 'floor', -4n], [-7n, 2n, 'ceil', -3n],
    [-5n, 2n, 'half-even', -2n], [6n, 2n, 'up', 3n], [1n, 3n, 'half-even', 0n], [2n, 3n, 'half-even', 1n],
  ];
  it.each(table)('divRound(%s, %s, %s) = %s', (n, d, mode, q) => expect(divRound(n, d, mode)).toBe(q));

  it('divRound brackets the true quotient (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.bigInt({ min: 1n, max: 10n ** 10n }), (n, d) => {
        const f = divRound(n, d, 'floor');
        const c = divRound(n, d, 'ceil');
        expect(f * d <= n && n <= c * d).toBe(true);
        expect(c - f <= 1n).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('roundTo and hasAtMostDecimals agree', () => {
    expect(roundTo(parseFixed('0.123456789'), 8, 'down')).toBe(parseFixed('0.12345678'));
    expect(roundTo(parseFixed('0.123456781'), 8, 'up')).toBe(parseFixed('0.12345679'));
    expect(hasAtMostDecimals(parseFixed('0.12345678'), 8)).toBe(true);
    expect(hasAtMostDecimals(parseFixed('0.123456789'), 8)).toBe(false);
  });

  it('divides by zero loudly', () => expect(() => divRound(1n, 0n, 'down')).toThrow(/division by zero/));
});

describe('arithmetic', () => {
  it('mulExact is exact or throws; mul rounds as told', () => {
    expect(mulExact(parseFixed('0.005'), parseFixed('26599.9'))).toBe(parseFixed('132.9995'));
    expect(() => mulExact(parseFixed('0.000000001'), parseFixed('0.0000000001'))).toThrow(/not exact/);
    expect(mul(parseFixed('1'), parseFixed('0.000000000000000001'), 'down')).toBe(1n);
    expect(div(parseFixed('1'), parseFixed('3'), 'down')).toBe(333333333333333333n);
  });

  it('fromFloat recovers data prices exactly at their decimals', () => {
    expect(fromFloat(26599.9, 10)).toBe(parseFixed('26599.9'));
    expect(fromFloat(0.329228, 8)).toBe(parseFixed('0.329228'));
    expect(fromFloat(123.91, 1)).toBe(parseFixed('123.9'));
    expect(() => fromFloat(Number.NaN, 2)).toThrow(/finite/);
    expect(toNumber(parseFixed('-12.5'))).toBe(-12.5);
  });
});

/** The straightforward formatting (division and regex) that formatFixed's faster slicing must match exactly. */
function formatByDivision(value: bigint, decimals?: number): string {
  const v = decimals === undefined ? value : roundTo(value, decimals, 'half-even');
  const negative = v < 0n;
  const a = negative ? -v : v;
  let frac = (a % E18).toString().padStart(18, '0');
  frac = decimals === undefined ? frac.replace(/0+$/, '') : frac.slice(0, decimals);
  return (negative ? '-' : '') + (a / E18).toString() + (frac ? '.' + frac : '');
}

describe('formatFixed matches formatting by division', () => {
  it('for any value, with and without a decimals argument', () => {
    const units = fc.oneof(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.bigInt({ min: -(10n ** 19n), max: 10n ** 19n }), fc.constantFrom(0n, 1n, -1n, E18, -E18, E18 - 1n, 10n ** 17n));
    fc.assert(fc.property(units, fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }), (v, d) => {
      expect(formatFixed(v, d)).toBe(formatByDivision(v, d));
    }), { numRuns: 3000 });
  });
});
