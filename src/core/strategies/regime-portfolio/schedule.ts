/** A daily UTC window in which no new orders are placed (the original bot's maintenance downtime). */
export interface DailyWindow {
  /** Minutes after 00:00 UTC; start inclusive, end exclusive; start > end wraps midnight. */
  readonly startMin: number;
  readonly endMin: number;
}

const DAY_MS = 86_400_000;

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

/** Whether epoch-ms time `t` falls in the window (pure arithmetic on UTC; no locale, no Date). */
export function inWindow(w: DailyWindow | null, t: number): boolean {
  if (w === null) return false;
  const minute = Math.floor((((t % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
  return w.startMin < w.endMin ? minute >= w.startMin && minute < w.endMin : minute >= w.startMin || minute < w.endMin;
}

export function formatWindow(w: DailyWindow | null): string {
  if (w === null) return 'none';
  const f = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${f(w.startMin)}-${f(w.endMin)} UTC`;
}
