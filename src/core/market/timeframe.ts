/**
 * Candle intervals. Everything downstream works in whole minutes (the unit Kraken's OHLC
 * endpoints and archives use) and epoch milliseconds; buckets are aligned to the UTC epoch.
 */

export const MINUTE_MS = 60_000;

/** Thrown for an interval nobody can use; the message says what is accepted. */
export class TimeframeError extends Error {
  constructor(readonly input: unknown, detail: string) {
    super(`invalid timeframe ${JSON.stringify(input)}: ${detail}; use e.g. 1m, 5m, 15m, 30m, 1h, 4h, 1d, 1w or a whole number of minutes`);
    this.name = 'TimeframeError';
  }
}

const UNIT_MINUTES: Readonly<Record<string, number>> = { m: 1, h: 60, d: 1440, w: 10080 };

/**
 * "1m", "5m", "15m", "30m", "1h", "4h", "1d", "1w" (any positive count of those units) or a
 * whole number of minutes (60, "60") -> minutes. Months are refused: they have no fixed length.
 */
export function parseTimeframe(input: string | number): number {
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input) || input <= 0) throw new TimeframeError(input, 'minutes must be a positive whole number');
    return input;
  }
  const text = input.trim();
  if (/^\d+$/.test(text)) return parseTimeframe(Number(text));
  const m = /^(\d+)\s*([mhdw])$/.exec(text);
  if (!m) throw new TimeframeError(input, 'unknown unit');
  const count = Number(m[1]);
  if (count <= 0) throw new TimeframeError(input, 'count must be positive');
  return count * UNIT_MINUTES[m[2]];
}

/** Interval length in milliseconds. */
export function timeframeMs(input: string | number): number {
  return parseTimeframe(input) * MINUTE_MS;
}

/** Minutes -> the shortest name ("60" -> "1h", "1440" -> "1d", "90" -> "90m"). */
export function formatTimeframe(minutes: number): string {
  if (minutes % 10080 === 0) return `${minutes / 10080}w`;
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

/** Start of the UTC-epoch-aligned interval containing `timeMs` (works for times before 1970 too). */
export function alignDown(timeMs: number, intervalMs: number): number {
  return Math.floor(timeMs / intervalMs) * intervalMs;
}

/** Smallest aligned boundary at or after `timeMs`. */
export function alignUp(timeMs: number, intervalMs: number): number {
  return Math.ceil(timeMs / intervalMs) * intervalMs;
}
