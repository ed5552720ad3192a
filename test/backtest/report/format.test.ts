import { describe, expect, it } from 'vitest';
import {
  formatAmount,
  formatPercent,
  formatRatio,
  formatSignedPercent,
  formatTime,
  formatYears,
} from '../../../src/backtest/report/format.ts';

describe('report formatting', () => {
  it.each([
    { got: formatPercent(0.12345), want: '12.35%' },
    { got: formatPercent(null), want: '—' },
    { got: formatPercent(Infinity), want: '∞' },
    { got: formatSignedPercent(0.05), want: '+5.0%' },
    { got: formatSignedPercent(-0.05), want: '-5.0%' },
    { got: formatSignedPercent(0), want: '0.0%' },
    { got: formatRatio(1.23456), want: '1.23' },
    { got: formatRatio(Infinity), want: '∞' },
    { got: formatRatio(null), want: '—' },
    { got: formatAmount(1234567.891), want: '1,234,567.89' },
    { got: formatAmount(-5), want: '-5.00' },
    { got: formatTime(Date.UTC(2024, 2, 5, 14)), want: '2024-03-05 14:00 UTC' },
    { got: formatTime(Date.UTC(2024, 2, 5, 14, 0, 7)), want: '2024-03-05 14:00:07 UTC' },
    { got: formatTime(null), want: '—' },
    { got: formatYears(0.5), want: '182.6 days' },
    { got: formatYears(2), want: '2.00 years' },
  ])('$want', ({ got, want }) => {
    expect(got).toBe(want);
  });
});
