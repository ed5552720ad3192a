import { describe, expect, it } from 'vitest';
import { calendarReturns, periodMonth } from '../../../src/core/metrics/calendar-returns.ts';
import { periodReturns } from '../../../src/core/metrics/period-returns.ts';

const at = (iso: string): number => Date.parse(iso);

describe('periodMonth', () => {
  it.each([
    { t: Date.UTC(2024, 1, 1), year: 2024, month: 1, why: 'a close at the first instant of February ends January' },
    { t: Date.UTC(2024, 0, 1), year: 2023, month: 12, why: 'a close at the first instant of the year ends December' },
    { t: Date.UTC(2024, 0, 1) + 1, year: 2024, month: 1, why: 'one ms later is January' },
    { t: Date.UTC(2024, 1, 29, 23), year: 2024, month: 2, why: 'leap day' },
  ])('$why', ({ t, year, month }) => {
    expect(periodMonth(t)).toEqual({ year, month });
  });
});

describe('calendarReturns', () => {
  const cases = [
    {
      name: 'month-end close belongs to the month it ends',
      samples: [
        ['2024-01-30T00:00:00Z', 100],
        ['2024-01-31T00:00:00Z', 110],
        ['2024-02-01T00:00:00Z', 121],
        ['2024-02-02T00:00:00Z', 108.9],
        ['2024-03-01T00:00:00Z', 108.9],
      ] as const,
      monthly: [
        { year: 2024, month: 1, return: 0.21 },
        { year: 2024, month: 2, return: -0.1 },
      ],
      yearly: [{ year: 2024, return: 0.089 }],
    },
    {
      name: 'year boundary',
      samples: [
        ['2023-12-31T00:00:00Z', 100],
        ['2024-01-01T00:00:00Z', 110],
        ['2024-01-01T12:00:00Z', 99],
      ] as const,
      monthly: [
        { year: 2023, month: 12, return: 0.1 },
        { year: 2024, month: 1, return: -0.1 },
      ],
      yearly: [
        { year: 2023, return: 0.1 },
        { year: 2024, return: -0.1 },
      ],
    },
    {
      name: 'a data gap lands in the month where the period ends; the skipped month is absent',
      samples: [
        ['2024-01-15T00:00:00Z', 100],
        ['2024-03-15T00:00:00Z', 120],
      ] as const,
      monthly: [{ year: 2024, month: 3, return: 0.2 }],
      yearly: [{ year: 2024, return: 0.2 }],
    },
    { name: 'one sample', samples: [['2024-01-15T00:00:00Z', 100]] as const, monthly: [], yearly: [] },
  ];
  it.each(cases)('$name', ({ samples, monthly, yearly }) => {
    const time = samples.map(([iso]) => at(iso));
    const equity = samples.map(([, e]) => e);
    const { returns } = periodReturns({ time, equity });
    const got = calendarReturns(time, returns);
    expect(got.monthly.map(({ year, month }) => ({ year, month }))).toEqual(monthly.map(({ year, month }) => ({ year, month })));
    got.monthly.forEach((row, i) => expect(row.return).toBeCloseTo(monthly[i].return, 12));
    expect(got.yearly.map(({ year }) => year)).toEqual(yearly.map(({ year }) => year));
    got.yearly.forEach((row, i) => expect(row.return).toBeCloseTo(yearly[i].return, 12));
  });
});
