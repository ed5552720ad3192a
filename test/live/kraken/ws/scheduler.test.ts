import { describe, expect, it } from 'vitest';
import { ManualScheduler } from '../../../../src/live/kraken/ws/scheduler.ts';

describe('ManualScheduler', () => {
  it('fires due timers in time order, including ones scheduled while advancing, and honours clearTimeout', () => {
    const s = new ManualScheduler(100);
    const fired: string[] = [];
    s.setTimeout(() => fired.push(`b@${s.now()}`), 20);
    s.setTimeout(() => {
      fired.push(`a@${s.now()}`);
      s.setTimeout(() => fired.push(`c@${s.now()}`), 5);
    }, 10);
    const cancelled = s.setTimeout(() => fired.push('never'), 15);
    s.clearTimeout(cancelled);
    s.setTimeout(() => fired.push('later'), 100);
    s.advance(50);
    expect(fired).toEqual(['a@110', 'c@115', 'b@120']);
    expect(s.now()).toBe(150);
    expect(s.pending()).toBe(1);
    expect(s.nextDelay()).toBe(50);
  });
});
