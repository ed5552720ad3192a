import type { Order } from '../orders/order.ts';
import type { PortfolioView, PreTradeCheck } from '../risk/pre-trade-check.ts';
import { formatWindow, inWindow, type DailyWindow } from './downtime-window.ts';

/**
 * The one downtime pre-trade check: no new order of any kind while the kernel's clock (event
 * time, not the wall clock, so a replay refuses the same ones) is inside the daily UTC window.
 * Live sessions (the journal's `downtime` setting) and regime-portfolio both use it.
 */
export class DowntimeCheck implements PreTradeCheck {
  readonly name = 'downtime';
  constructor(readonly window: DailyWindow | null) {}
  check(_order: Order, view: PortfolioView): { reason: 'downtime'; detail: string } | undefined {
    return inWindow(this.window, view.now) ? { reason: 'downtime', detail: `no new orders during the daily downtime ${formatWindow(this.window)}` } : undefined;
  }
}
