import { describe, expect, it } from 'vitest';
import { isFeeFraction, isPositiveDecimal, parseFeeRate } from '../../../src/core/decimal/rates.ts';

describe('fee rates', () => {
  it.each([
    ['0.0026', '0.0026'],
    ['0.26%', '0.0026'],
    [' 0.16% ', '0.0016'],
    ['0', '0'],
  ])('parseFeeRate(%j) = %j', (input, expected) => expect(parseFeeRate('--taker-fee', input)).toBe(expected));

  it('names the flag for garbage', () => {
    expect(() => parseFeeRate('--maker-fee', 'cheap')).toThrow(/^--maker-fee: "cheap" is not a fee rate/);
    expect(() => parseFeeRate('--maker-fee', '%')).toThrow(/--maker-fee/);
  });

  it.each([
    ['0', true],
    ['0.0999', true],
    ['0.1', false],
    ['-0.001', false],
    ['abc', false],
  ])('isFeeFraction(%j) = %j', (s, ok) => expect(isFeeFraction(s)).toBe(ok));

  it('isPositiveDecimal, with and without zero', () => {
    expect([isPositiveDecimal('1'), isPositiveDecimal('0'), isPositiveDecimal('0', true), isPositiveDecimal('-1', true), isPositiveDecimal('x')]).toEqual([true, false, true, false, false]);
  });
});
