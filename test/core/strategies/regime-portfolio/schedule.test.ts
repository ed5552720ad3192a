import { describe, expect, it } from 'vitest';
import { formatWindow, inWindow, parseDailyWindow } from '../../../../src/core/strategies/regime-portfolio/index.ts';

const at = (h: number, m = 0, day = 0) => Date.UTC(2021, 5, 1 + day, h, m);

describe('daily downtime window (UTC)', () => {
  const w = parseDailyWindow('03:00-05:00');
  it.each([
    [at(2, 59), false], [at(3, 0), true], [at(4, 59), true], [at(5, 0), false], [at(0, 0), false], [at(3, 30, 200), true], [Date.UTC(1969, 11, 31, 4), true],
  ])('%s -> %s', (t, inside) => {
    expect(inWindow(w, t)).toBe(inside);
  });

  it('wraps midnight', () => {
    const night = parseDailyWindow('23:30-00:30');
    expect([at(23, 29), at(23, 30), at(0, 0), at(0, 29), at(0, 30)].map((t) => inWindow(night, t))).toEqual([false, true, true, true, false]);
    expect(formatWindow(night)).toBe('23:30-00:30 UTC');
  });

  it('"none" trades 24/7', () => {
    expect(parseDailyWindow('none')).toBeNull();
    expect(inWindow(null, at(4))).toBe(false);
  });

  it.each([['3-5'], ['03:00'], ['03:00-03:00'], ['25:00-26:00'], ['03:60-05:00']])('rejects %j with a clear message', (text) => {
    expect(() => parseDailyWindow(text)).toThrow(/downtime/);
  });
});
