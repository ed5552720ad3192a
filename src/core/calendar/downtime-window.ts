/**
 * The daily UTC downtime window (Kraken's usual maintenance hours, 03:00-05:00 by default): the
 * one implementation used by the journal's pre-trade check, regime-portfolio's schedule and the
 * live runner's retraining cycle. Pure arithmetic on epoch milliseconds; no Date, no locale.
 */
export interface DailyWindow {
  /** Minutes after 00:00 UTC; start inclusive, end exclusive; start > end wraps midnight. */
  readonly startMin: number;
  readonly endMin: number;
}

const DAY_MS = 86_400_000;

/** The default window of every caller (Kraken's usual maintenance hours), as text. */
export const DEFAULT_DOWNTIME = '03:00-05:00';

function minuteOf(hhmm: string, text: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm.trim());
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59 || (Number(m[1]) === 24 && Number(m[2]) !== 0)) {
    throw new RangeError(`downtime ${JSON.stringify(text)}: "${hhmm}" is not a UTC time HH:MM`);
  }
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Parses "03:00-05:00" (UTC); "none" means trading around the clock. */
export function parseDailyWindow(text: string): DailyWindow | null {
  const t = text.trim().toLowerCase();
  if (t === 'none' || t === 'off' || t === '') return null;
  const parts = t.split('-');
  if (parts.length !== 2) throw new RangeError(`downtime ${JSON.stringify(text)}: expected HH:MM-HH:MM (UTC) or "none"`);
  const startMin = minuteOf(parts[0], text) % 1440;
  const endMin = minuteOf(parts[1], text) % 1440;
  if (startMin === endMin) throw new RangeError(`downtime ${JSON.stringify(text)}: start equals end; use "none" for no downtime`);
  return { startMin, endMin };
}

/** Strict "HH:MM" (00:00-23:59) to milliseconds after midnight UTC (session config form). */
export function parseHhMm(text: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!m) throw new Error(`downtime time "${text}" must look like HH:MM (UTC, 00:00-23:59)`);
  return (Number(m[1]) * 60 + Number(m[2])) * 60_000;
}

/** The session config's `{ start, end }` form as a window (equal ends: an empty window). */
export function windowFromStartEnd(w: { readonly start: string; readonly end: string }): DailyWindow | null {
  const startMin = parseHhMm(w.start) / 60_000;
  const endMin = parseHhMm(w.end) / 60_000;
  return startMin === endMin ? null : { startMin, endMin };
}

/** Whether epoch-ms time `t` falls in the window. */
export function inWindow(w: DailyWindow | null, t: number): boolean {
  if (w === null) return false;
  const minute = Math.floor((((t % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
  return w.startMin < w.endMin ? minute >= w.startMin && minute < w.endMin : minute >= w.startMin || minute < w.endMin;
}

/** Start of the window occurrence that contains `t`, or the next start after `t`. */
export function windowStartAt(w: DailyWindow, t: number): number {
  const day = Math.floor(t / DAY_MS) * DAY_MS;
  const start = day + w.startMin * 60_000;
  if (inWindow(w, t)) return t >= start ? start : start - DAY_MS;
  return t < start ? start : start + DAY_MS;
}

/** End (exclusive) of the window occurrence that starts at `start`. */
export function windowEndAfter(w: DailyWindow, start: number): number {
  const len = ((w.endMin - w.startMin + 1440) % 1440) * 60_000;
  return start + len;
}

export function formatWindow(w: DailyWindow | null): string {
  if (w === null) return 'none';
  const f = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${f(w.startMin)}-${f(w.endMin)} UTC`;
}
