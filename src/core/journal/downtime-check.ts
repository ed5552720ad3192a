import type { PreTradeCheck } from '../risk/pre-trade-check.ts';

/** A daily UTC window, "HH:MM"-"HH:MM" (may wrap midnight), in which no new order is placed. */
export interface DowntimeWindow {
  readonly start: string;
  readonly end: string;
}

const DAY = 86_400_000;

export function parseHhMm(text: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!m) throw new Error(`downtime time "${text}" must look like HH:MM (UTC, 00:00-23:59)`);
  return (Number(m[1]) * 60 + Number(m[2])) * 60_000;
}

export function inDowntime(time: number, w: DowntimeWindow): boolean {
  const start = parseHhMm(w.start);
  const end = parseHhMm(w.end);
  const t = ((time % DAY) + DAY) % DAY;
  return start <= end ? t >= start && t < end : t >= start || t < end;
}

/**
 * Rejects every new order while the kernel's clock is inside the window (Kraken's usual
 * maintenance hours by default). Event time, not the wall clock: a replay rejects the same ones.
 */
export function downtimeCheck(w: DowntimeWindow): PreTradeCheck {
  parseHhMm(w.start);
  parseHhMm(w.end);
  return {
    name: 'downtime',
    check: (_order, view) => (inDowntime(view.now, w) ? { reason: 'downtime', detail: `no new orders between ${w.start} and ${w.end} UTC` } : undefined),
  };
}
