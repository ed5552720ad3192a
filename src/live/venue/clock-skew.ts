/**
 * Venue timestamps against the local clock. Kraken stamps trades and executions with its engine
 * time; one stamped far in the future (a bad frame, a skewed clock) must not drag the runner's
 * time with it, or every correct trade after it looks late and the bar builder stops until the
 * wall clock catches up, possibly for hours. Such a time is clamped to now (the trade or fill is
 * still used: no volume or money is lost) and counted.
 */
export const FUTURE_TOLERANCE_MS = 60_000;

export class FutureStampGuard {
  clamped = 0;

  constructor(
    private readonly now: () => number,
    private readonly onClamp: (time: number, now: number) => void = () => {},
    private readonly toleranceMs = FUTURE_TOLERANCE_MS,
  ) {}

  /** `time`, or now when `time` is more than the tolerance ahead of now (an unknown now changes nothing). */
  check(time: number): number {
    const now = this.now();
    if (!Number.isFinite(now) || !Number.isFinite(time) || time <= now + this.toleranceMs) return time;
    this.clamped++;
    this.onClamp(time, now);
    return now;
  }
}
