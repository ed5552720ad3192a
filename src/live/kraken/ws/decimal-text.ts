/**
 * Helpers for decimals carried as their exact text ("0.00100000", "1e-08", "-0.17").
 * Text is what Kraken sent; these never go through a float.
 */

const PLAIN_RE = /^(-)?(\d+)(?:\.(\d+))?$/;
const EXP_RE = /^(-)?(\d+)(?:\.(\d+))?[eE]([+-]?\d+)$/;

/** A decimal string as Kraken writes it: plain or exponent form, optional minus. */
export type DecimalText = string;

export function isDecimalText(text: string): boolean {
  return PLAIN_RE.test(text) || EXP_RE.test(text);
}

/** Rewrites exponent form as a plain decimal ("1e-08" -> "0.00000001", "1.5E3" -> "1500"); plain text is returned unchanged. */
export function toPlainDecimal(text: DecimalText): string {
  if (PLAIN_RE.test(text)) return text;
  const m = EXP_RE.exec(text);
  if (!m) throw new RangeError(`not a decimal number: ${JSON.stringify(text)}`);
  const [, sign = '', whole, frac = '', expText] = m;
  const exponent = Number(expText);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 400) {
    throw new RangeError(`exponent out of range in ${JSON.stringify(text)}`);
  }
  const digits = whole + frac;
  const pointAt = whole.length + exponent;
  let intPart: string;
  let fracPart: string;
  if (pointAt <= 0) {
    intPart = '0';
    fracPart = '0'.repeat(-pointAt) + digits;
  } else if (pointAt >= digits.length) {
    intPart = digits + '0'.repeat(pointAt - digits.length);
    fracPart = '';
  } else {
    intPart = digits.slice(0, pointAt);
    fracPart = digits.slice(pointAt);
  }
  intPart = intPart.replace(/^0+(?=\d)/, '');
  return sign + intPart + (fracPart ? '.' + fracPart : '');
}

/** Number of digits after the decimal point of a plain decimal ("0.5660" -> 4, "40" -> 0). */
export function fractionDigits(text: DecimalText): number {
  const plain = toPlainDecimal(text);
  const dot = plain.indexOf('.');
  return dot < 0 ? 0 : plain.length - dot - 1;
}

/**
 * Renders a decimal with exactly `decimals` fraction digits by padding zeros or dropping
 * trailing zeros. Throws if that would drop a non-zero digit: the value is then not
 * representable at that precision, which means the data or the precision is wrong.
 */
export function withFractionDigits(text: DecimalText, decimals: number): string {
  const plain = toPlainDecimal(text);
  const dot = plain.indexOf('.');
  const intPart = dot < 0 ? plain : plain.slice(0, dot);
  let frac = dot < 0 ? '' : plain.slice(dot + 1);
  if (frac.length > decimals) {
    const dropped = frac.slice(decimals);
    if (/[^0]/.test(dropped)) {
      throw new RangeError(`${JSON.stringify(text)} has more than ${decimals} significant decimals`);
    }
    frac = frac.slice(0, decimals);
  } else {
    frac = frac.padEnd(decimals, '0');
  }
  return decimals > 0 ? `${intPart}.${frac}` : intPart;
}
