import { formatFixed, type Fixed } from '../../../core/decimal/fixed.ts';
import { raw, type RawNumber } from './raw-json.ts';

/** Exact decimal text with at least `minDecimals` places (never loses digits). */
export function fmtMin(value: Fixed, minDecimals: number): string {
  const exact = formatFixed(value);
  const dot = exact.indexOf('.');
  const have = dot < 0 ? 0 : exact.length - dot - 1;
  return have >= minDecimals ? exact : formatFixed(value, minDecimals);
}

/** A WS v2 JSON number with exactly `decimals` places (`0.00100000`). */
export function num(value: Fixed, decimals: number): RawNumber {
  return raw(formatFixed(value, decimals));
}

/** A WS v2 JSON number written exactly, trailing zeros trimmed (balances). */
export function numExact(value: Fixed): RawNumber {
  return raw(formatFixed(value));
}
