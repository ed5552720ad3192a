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

/** `time` are the curve's sample times; `returns[i - 1]` is the period ending at time[i]. */
export function calendarReturns(time: ArrayLike<number>, returns: ArrayLike<number>): CalendarReturns {
  const monthly: PeriodReturn[] = [];
  const yearly: YearReturn[] = [];
  let monthGrowth = 1;
  let yearGrowth = 1;
  let current: { year: number; month: number } | null = null;
  const close = (closeYear: boolean): void => {
    if (current === null) return;
    monthly.push({ year: current.year, month: current.month, return: monthGrowth - 1 });
    monthGrowth = 1;
    if (closeYear) {
      yearly.push({ year: current.year, return: yearGrowth - 1 });
      yearGrowth = 1;
    }
  };
  // The current month covers (from, to]: samples inside it need no date arithmetic (one per candle).
  let from = Infinity;
  let to = -Infinity;
  for (let i = 1; i < time.length; i++) {
    const t = time[i];
    if (!(t > from && t <= to)) {
      const key = periodMonth(t);
      if (current !== null && (key.year !== current.year || key.month !== current.month)) {
        close(key.year !== current.year);
      }
      current = key;
      from = Date.UTC(key.year, key.month - 1, 1);
      to = Date.UTC(key.year, key.month, 1);
    }
    monthGrowth *= 1 + returns[i - 1];
    yearGrowth *= 1 + returns[i - 1];
  }
  close(true);
  return { monthly, yearly };
}
