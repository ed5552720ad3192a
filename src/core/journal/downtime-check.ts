import { inWindow, parseHhMm, windowFromStartEnd } from '../calendar/downtime-window.ts';
import type { PreTradeCheck } from '../risk/pre-trade-check.ts';

/** A daily UTC window, "HH:MM"-"HH:MM" (may wrap midnight), in which no new order is placed. */
export interface DowntimeWindow {
  readonly start: string;
  readonly end: string;
}

export { parseHhMm };

export function inDowntime(time: number, w: DowntimeWindow): boolean {
  return inWindow(windowFromStartEnd(w), time);
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
