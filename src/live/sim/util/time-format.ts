/** Time renderings Kraken uses. All inputs are simulator epoch milliseconds (may be fractional). */

/** RFC3339 with microseconds, e.g. `2023-09-22T10:33:05.709950Z` (WS v2 timestamps, time_in/time_out). */
export function rfc3339Micro(ms: number): string {
  const whole = Math.floor(ms);
  const micros = Math.round((ms - whole) * 1000);
  const iso = new Date(whole).toISOString(); // 2023-09-22T10:33:05.709Z
  return `${iso.slice(0, 23)}${String(Math.min(micros, 999)).padStart(3, '0')}Z`;
}

/** RFC3339 with nanoseconds, used by the OHLC channel's `interval_begin`. */
export function rfc3339Nano(ms: number): string {
  return rfc3339Micro(ms).replace('Z', '000Z');
}

/** RFC3339 at second precision (SystemStatus, CancelAllOrdersAfter). */
export function rfc3339Seconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Kraken's Time endpoint form: `Thu, 06 Jul 23 18:50:48 +0000` (two-digit year). */
export function rfc1123Kraken(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${p(d.getUTCFullYear() % 100)} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** Unix seconds with 4 decimals as a JSON number (REST `opentm`, `time`, ...). */
export function unixSeconds(ms: number): number {
  return Math.round(ms * 10) / 10000;
}

/** Parses an RFC3339 string to epoch ms; throws naming the field on bad input. */
export function parseRfc3339(text: unknown, field: string): number {
  if (typeof text !== 'string') throw new RangeError(`${field} must be an RFC3339 string`);
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw new RangeError(`${field} is not an RFC3339 time: ${JSON.stringify(text)}`);
  return ms;
}
