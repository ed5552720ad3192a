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

/**
 * Range of plausible market-data times in unix seconds: 2009-01-03 (the first bitcoin block)
 * to 2100-01-01. A millisecond timestamp read as seconds lands near the year 45,000-56,000
 * ("the year 54,000"), so it is refused here with a hint instead of being stored.
 */
export const MIN_UNIX_SECONDS = 1_230_940_800;
export const MAX_UNIX_SECONDS = 4_102_444_800;

export function checkUnixSeconds(seconds: number, text: string, column: string): void {
  if (seconds >= MIN_UNIX_SECONDS && seconds < MAX_UNIX_SECONDS) return;
  const t = JSON.stringify(text.trim());
  if (seconds >= MIN_UNIX_SECONDS * 1000 && seconds < MAX_UNIX_SECONDS * 1_000_000) {
    const unit = seconds >= MIN_UNIX_SECONDS * 1_000_000 ? 'microseconds' : 'milliseconds';
    const year = Math.floor(1970 + seconds / 31_556_952);
    throw new BadRowError(`${column} ${t} looks like ${unit} (as seconds it is the year ${year}); this format wants unix seconds`);
  }
  throw new BadRowError(`${column} ${t} is outside 2009..2100 in unix seconds`);
}

/** Whole unix seconds (a candle open time) -> epoch ms; refuses times outside 2009..2100 (e.g. milliseconds). */
export function parseUnixSecondsToMs(text: string, column: string): number {
  const seconds = parseInteger(text, column);
  checkUnixSeconds(seconds, text, column);
  return seconds * 1000;
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
  checkUnixSeconds(whole, text, column);
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
