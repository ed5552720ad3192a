import type { PeriodReturn, YearReturn } from './types.ts';

/**
 * Calendar-month and calendar-year returns (UTC), compounded from the time-weighted period
 * returns. A month's return runs from the last sample at or before its first instant to the
 * last sample at or before the next month's first instant: a bar closing exactly at
 * 2024-02-01T00:00Z is January's last close. A period that straddles a boundary (a data gap)
 * counts in the month where it ends. Months without any period are absent, not zero. Because
 * every period lands in exactly one month and one year, the months compound to the years and
 * the years to the total return.
 */
export interface CalendarReturns {
  readonly monthly: PeriodReturn[];
  readonly yearly: YearReturn[];
}

/** Year and month (1..12) a period ending at `t` belongs to. */
export function periodMonth(t: number): { year: number; month: number } {
  const d = new Date(t);
  let year = d.getUTCFullYear();
  let month = d.getUTCMonth() + 1;
  if (t === Date.UTC(year, month - 1, 1)) {
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
  }
  return { year, month };
}

/**
 * Calendar returns fed one period at a time (the period ending at `time`, its return), in
 * time order: only the month and year being compounded are held.
 */
export class CalendarAccumulator {
  private readonly monthly: PeriodReturn[] = [];
  private readonly yearly: YearReturn[] = [];
  private monthGrowth = 1;
  private yearGrowth = 1;
  private current: { year: number; month: number } | null = null;
  // The current month covers (from, to]: samples inside it need no date arithmetic (one per candle).
  private from = Infinity;
  private to = -Infinity;

  push(t: number, periodReturn: number): void {
    if (!(t > this.from && t <= this.to)) {
      const key = periodMonth(t);
      const current = this.current;
      if (current !== null && (key.year !== current.year || key.month !== current.month)) this.close(key.year !== current.year);
      this.current = key;
      this.from = Date.UTC(key.year, key.month - 1, 1);
      this.to = Date.UTC(key.year, key.month, 1);
    }
    this.monthGrowth *= 1 + periodReturn;
    this.yearGrowth *= 1 + periodReturn;
  }

  /** The months and years so far, the last ones closed; push nothing after it. */
  result(): CalendarReturns {
    this.close(true);
    this.current = null;
    return { monthly: this.monthly, yearly: this.yearly };
  }

  private close(closeYear: boolean): void {
    const current = this.current;
    if (current === null) return;
    this.monthly.push({ year: current.year, month: current.month, return: this.monthGrowth - 1 });
    this.monthGrowth = 1;
    if (closeYear) {
      this.yearly.push({ year: current.year, return: this.yearGrowth - 1 });
      this.yearGrowth = 1;
    }
  }
}

/** `time` are the curve's sample times; `returns[i - 1]` is the period ending at time[i]. */
export function calendarReturns(time: ArrayLike<number>, returns: ArrayLike<number>): CalendarReturns {
  const acc = new CalendarAccumulator();
  for (let i = 1; i < time.length; i++) acc.push(time[i], returns[i - 1]);
  return acc.result();
}
