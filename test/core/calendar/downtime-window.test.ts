import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inWindow, parseDailyWindow, windowEndAfter, windowFromStartEnd, windowStartAt } from '../../../src/core/calendar/downtime-window.ts';

const at = (h: number, m = 0) => Date.UTC(2024, 0, 2, h, m);

describe('the one downtime window', () => {
  it('both config forms agree with each other on every minute of a day, including a window across midnight', () => {
    for (const [a, b] of [['03:00', '05:00'], ['23:30', '00:30']]) {
      const w = parseDailyWindow(`${a}-${b}`);
      const session = windowFromStartEnd({ start: a, end: b }); // the journal's { start, end } form
      for (let m = 0; m < 1440; m++) expect(inWindow(session, at(0, m))).toBe(inWindow(w, at(0, m)));
    }
    expect(windowFromStartEnd({ start: '03:00', end: '03:00' })).toBeNull();
    expect(() => windowFromStartEnd({ start: '3:00', end: '05:00' })).toThrow(/HH:MM/);
  });

  it('windowStartAt finds the occurrence containing t or the next one; its end is start + length', () => {
    const w = parseDailyWindow('03:00-05:00')!;
    expect(windowStartAt(w, at(4, 10))).toBe(at(3));
    expect(windowStartAt(w, at(2, 59))).toBe(at(3));
    expect(windowStartAt(w, at(5))).toBe(at(3) + 86_400_000);
    expect(windowEndAfter(w, at(3))).toBe(at(5));
    const night = parseDailyWindow('23:00-01:00')!;
    expect(windowStartAt(night, at(0, 30))).toBe(at(23) - 86_400_000);
    expect(windowEndAfter(night, at(23))).toBe(at(23) + 2 * 3_600_000);
  });

  it('property: t is inside the window iff windowStartAt(t) <= t < its end', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 1, max: 1439 }), fc.integer({ min: 0, max: 4e12 }), (s, len, t) => {
        const w = { startMin: s, endMin: (s + len) % 1440 };
        const start = windowStartAt(w, t);
        expect(inWindow(w, t)).toBe(start <= t && t < windowEndAfter(w, start));
      }),
    );
  });
});
