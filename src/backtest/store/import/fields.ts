/**
 * Strict field parsing for CSV rows. `Number()` would turn "" into 0 and "0x10" into 16;
 * market data deserves better, so only plain decimal numbers pass.
 */

/** Why a row was refused; the importer turns it into a line of the report. */
export class BadRowError extends Error {}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;
const INTEGER = /^[+-]?\d+$/;

/** A finite decimal number, or BadRowError naming the column and the text. */
export function parseNumber(text: string, column: string): number {
  const t = text.trim();
  if (DECIMAL.test(t)) {
    const n = Number(t);
    if (Number.isFinite(n)) return n;
    throw new BadRowError(`${column} is not finite: ${JSON.stringify(text)}`);
  }
  if (NON_FINITE.test(t)) throw new BadRowError(`${column} is NaN/Infinity: ${JSON.stringify(text)}`);
  throw new BadRowError(`${column} is not a number: ${JSON.stringify(text)}`);
}

/** A whole number (timestamps, counts). */
export function parseInteger(text: string, column: string): number {
  const t = text.trim();
  if (INTEGER.test(t)) {
    const n = Number(t);
    if (Number.isSafeInteger(n)) return n;
    throw new BadRowError(`${column} is out of range: ${JSON.stringify(text)}`);
  }
  parseNumber(text, column); // gives the precise reason for NaN, text, ...
  throw new BadRowError(`${column} is not a whole number: ${JSON.stringify(text)}`);
}

/** Unix seconds with an optional fraction ("1381095255.4531") -> epoch microseconds, exactly. */
export function parseUnixSecondsToMicros(text: string, column: string): number {
  const t = text.trim();
  const m = /^(\d+)(?:\.(\d{0,6})\d*)?$/.exec(t);
  if (!m) {
    parseNumber(text, column);
    throw new BadRowError(`${column} is not unix seconds: ${JSON.stringify(text)}`);
  }
  const whole = Number(m[1]);
  const frac = Number((m[2] ?? '').padEnd(6, '0'));
  const micros = whole * 1_000_000 + frac;
  if (!Number.isSafeInteger(micros)) throw new BadRowError(`${column} is out of range: ${JSON.stringify(text)}`);
  return micros;
}

export function expectColumns(fields: readonly string[], expected: number, what: string): void {
  if (fields.length !== expected) {
    throw new BadRowError(`wrong column count: ${fields.length} instead of ${expected} (${what})`);
  }
}
