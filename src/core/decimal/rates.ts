import { formatFixed, parseFixed } from './fixed.ts';

/** A fee or rate given as a fraction ("0.0026") or a percentage ("0.26%"), returned as a fraction string; the error names the flag. */
export function parseFeeRate(flag: string, text: string): string {
  const s = String(text).trim();
  try {
    if (s.endsWith('%')) return formatFixed(parseFixed(s.slice(0, -1)) / 100n);
    parseFixed(s);
    return s;
  } catch {
    throw new Error(`${flag}: "${text}" is not a fee rate (use a fraction like 0.0026 or a percentage like 0.26%)`);
  }
}

/** True for an exact decimal in [0, 0.1): a plausible fee rate as a fraction. */
export function isFeeFraction(s: string): boolean {
  try {
    const v = parseFixed(s);
    return v >= 0n && v < 10n ** 17n;
  } catch {
    return false;
  }
}

/** True for an exact decimal above zero (or at least zero with `allowZero`). */
export function isPositiveDecimal(s: string, allowZero = false): boolean {
  try {
    const v = parseFixed(s);
    return allowZero ? v >= 0n : v > 0n;
  } catch {
    return false;
  }
}
