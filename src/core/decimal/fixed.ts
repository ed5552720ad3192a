/**
 * Exact fixed-point decimals for money: a `Fixed` is a bigint counting units of 10^-18.
 *
 * One global scale keeps arithmetic simple and exact: Kraken's finest precisions (8 lot
 * decimals times up to 10 price decimals) fit, and adding or subtracting never rounds.
 * Multiplication and division round only where a caller says how (`RoundingMode`), so every
 * rounding in the ledger is deliberate and visible. Floats never enter the ledger except
 * through `fromFloat`, which snaps to a stated number of decimals.
 */
export type Fixed = bigint;

export const SCALE_DECIMALS = 18;
export const ONE: Fixed = 10n ** 18n;
export const ZERO: Fixed = 0n;

export type RoundingMode = 'down' | 'up' | 'half-even' | 'floor' | 'ceil';

const POW10: bigint[] = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i));
const NUM_POW10: number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);

const DECIMAL_RE = /^([+-])?(\d+)(?:\.(\d*))?$|^([+-])?\.(\d+)$/;
const EXP_RE = /^([+-]?\d*\.?\d+)[eE]([+-]?\d+)$/;

/** Parses a decimal string ("123.45", "-0.001", "1e-8") exactly; throws on anything else or on more than 18 decimals. */
export function parseFixed(text: string): Fixed {
  const s = text.trim();
  const exp = EXP_RE.exec(s);
  if (exp) return parseExponent(exp[1], Number(exp[2]), text);
  const m = DECIMAL_RE.exec(s);
  if (!m) throw new RangeError(`not a decimal number: ${JSON.stringify(text)}`);
  const sign = m[1] ?? m[4] ?? '+';
  const whole = m[2] ?? '0';
  const frac = m[3] ?? m[5] ?? '';
  const trimmed = frac.replace(/0+$/, '');
  if (trimmed.length > SCALE_DECIMALS) {
    throw new RangeError(`${JSON.stringify(text)} has more than ${SCALE_DECIMALS} decimals`);
  }
  const units = BigInt(whole) * ONE + (trimmed ? BigInt(trimmed) * POW10[SCALE_DECIMALS - trimmed.length] : 0n);
  return sign === '-' ? -units : units;
}

function parseExponent(mantissa: string, exponent: number, original: string): Fixed {
  const [w, f = ''] = mantissa.replace(/^[+-]/, '').split('.');
  const negative = mantissa.startsWith('-');
  const digits = (w || '0') + f;
  const pointAt = (w || '0').length + exponent;
  let text: string;
  if (pointAt <= 0) text = '0.' + '0'.repeat(-pointAt) + digits;
  else if (pointAt >= digits.length) text = digits + '0'.repeat(pointAt - digits.length);
  else text = digits.slice(0, pointAt) + '.' + digits.slice(pointAt);
  try {
    return parseFixed((negative ? '-' : '') + text);
  } catch {
    throw new RangeError(`not an exact decimal within ${SCALE_DECIMALS} places: ${JSON.stringify(original)}`);
  }
}

/** Formats exactly, without trailing zeros ("1.5", "-0.0001", "42"); `decimals` pads or rounds (half-even) to that many places. */
export function formatFixed(value: Fixed, decimals?: number): string {
  let v = value;
  if (decimals !== undefined) v = roundTo(v, decimals, 'half-even');
  const negative = v < 0n;
  // One bigint-to-text conversion, then string slicing (event-log lines format several per fill).
  let digits = (negative ? -v : v).toString();
  if (digits.length <= SCALE_DECIMALS) digits = ZEROS.slice(0, SCALE_DECIMALS + 1 - digits.length) + digits;
  const point = digits.length - SCALE_DECIMALS;
  const whole = digits.slice(0, point);
  let end = decimals === undefined ? digits.length : point + decimals;
  if (decimals === undefined) while (end > point && digits.charCodeAt(end - 1) === 48) end--;
  const frac = digits.slice(point, end);
  return (negative ? '-' : '') + whole + (frac ? '.' + frac : '');
}

const ZEROS = '0'.repeat(SCALE_DECIMALS + 1);

/** Integer division with an explicit rounding mode. */
export function divRound(n: bigint, d: bigint, mode: RoundingMode): bigint {
  if (d === 0n) throw new RangeError('division by zero');
  let q = n / d; // truncates toward zero
  // The remainder of truncating division (what n % d gives), from a multiplication: bigint
  // division is several times dearer than multiplication, and the order path divides per fill.
  const r = n - q * d;
  if (r === 0n) return q;
  const positive = (n < 0n) === (d < 0n);
  switch (mode) {
    case 'down':
      return q;
    case 'up':
      return positive ? q + 1n : q - 1n;
    case 'floor':
      return positive ? q : q - 1n;
    case 'ceil':
      return positive ? q + 1n : q;
    case 'half-even': {
      const twice = 2n * (r < 0n ? -r : r);
      const absD = d < 0n ? -d : d;
      if (twice > absD || (twice === absD && q % 2n !== 0n)) q = positive ? q + 1n : q - 1n;
      return q;
    }
  }
}

/** a * b, rounded to the 18-decimal scale with `mode` (exact when the product has <= 18 decimals). */
export function mul(a: Fixed, b: Fixed, mode: RoundingMode = 'half-even'): Fixed {
  const p = a * b;
  // Fees, holds and sizing multiply non-negative amounts rounding up or down: the same result
  // as divRound's for p >= 0, without its remainder and sign tests.
  if (p >= 0n) {
    if (mode === 'down' || mode === 'floor') return p / ONE;
    if (mode === 'up' || mode === 'ceil') {
      const q = p / ONE;
      return q * ONE === p ? q : q + 1n;
    }
  }
  return divRound(p, ONE, mode);
}

/** a * b when the caller requires exactness: throws if the product needs more than 18 decimals. */
export function mulExact(a: Fixed, b: Fixed): Fixed {
  const p = a * b;
  const q = p / ONE;
  if (q * ONE !== p) throw new RangeError(`product ${formatFixed(a)} x ${formatFixed(b)} is not exact at ${SCALE_DECIMALS} decimals`);
  return q;
}

/** a / b at the 18-decimal scale with an explicit rounding mode. */
export function div(a: Fixed, b: Fixed, mode: RoundingMode): Fixed {
  return divRound(a * ONE, b, mode);
}

/** Rounds to `decimals` places (0..18) with `mode`. */
export function roundTo(value: Fixed, decimals: number, mode: RoundingMode): Fixed {
  if (decimals >= SCALE_DECIMALS) return value;
  const step = POW10[SCALE_DECIMALS - decimals];
  return divRound(value, step, mode) * step;
}

/** True when the value has no more than `decimals` places. */
export function hasAtMostDecimals(value: Fixed, decimals: number): boolean {
  if (decimals >= SCALE_DECIMALS) return true;
  return value % POW10[SCALE_DECIMALS - decimals] === 0n;
}

/**
 * Snaps a float (a candle price, an indicator-derived price) to `decimals` places and makes it exact.
 * Prices from data files have at most the pair's price decimals, so this recovers them exactly.
 */
export function fromFloat(x: number, decimals: number): Fixed {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  if (decimals <= 15) {
    const scaled = Math.round(x * NUM_POW10[decimals]);
    if (Number.isSafeInteger(scaled)) return BigInt(scaled) * POW10[SCALE_DECIMALS - decimals];
  }
  return roundTo(parseFixed(x.toFixed(Math.min(decimals, 100))), decimals, 'half-even');
}

/** The float nearest to an exact value; for indicators, charts and statistics only, never for money. */
export function toNumber(value: Fixed): number {
  if (value === ZERO) return 0;
  const whole = value / ONE;
  const frac = value - whole * ONE; // value % ONE, with a multiplication instead of a second division
  return Number(whole) + Number(frac) / 1e18;
}

export function fromInt(n: number | bigint): Fixed {
  return BigInt(n) * ONE;
}

export function min(a: Fixed, b: Fixed): Fixed {
  return a < b ? a : b;
}

export function max(a: Fixed, b: Fixed): Fixed {
  return a > b ? a : b;
}

export function abs(a: Fixed): Fixed {
  return a < 0n ? -a : a;
}
