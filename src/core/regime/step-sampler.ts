/**
 * Samples a series of (time, value) at fixed UTC steps (a day by default): each step's last
 * value is passed on once, when the step's closing time arrives (a candle closing exactly at
 * the step boundary) or, if no value closes it (a gap), when the first value of a later step
 * shows up. So the regime detector sees one reading per day whatever the candle timeframe, and
 * an hourly run reads the same regimes as a daily one instead of reclassifying every hour
 * (the 1h churn of the audit). stepMs null passes every value through.
 */
export class StepSampler {
  private pendingBucket: number | null = null;
  private pendingTime = 0;
  private pendingValue = 0;

  constructor(readonly stepMs: number | null) {
    if (stepMs !== null && !(Number.isInteger(stepMs) && stepMs > 0)) throw new RangeError(`regime step must be a positive whole number of ms, got ${stepMs}`);
  }

  push(time: number, value: number, emit: (time: number, value: number) => void): void {
    const step = this.stepMs;
    if (step === null) return emit(time, value);
    const bucket = Math.floor((time - 1) / step); // a close exactly on the boundary ends the step before it
    if (this.pendingBucket !== null && bucket > this.pendingBucket) {
      const [t, v] = [this.pendingTime, this.pendingValue];
      this.pendingBucket = null;
      emit(t, v);
    }
    if (time % step === 0) {
      this.pendingBucket = null;
      return emit(time, value);
    }
    this.pendingBucket = bucket;
    this.pendingTime = time;
    this.pendingValue = value;
  }

  snapshot(): StepSamplerSnapshot {
    return { bucket: this.pendingBucket, time: this.pendingTime, value: this.pendingValue };
  }

  restore(s: StepSamplerSnapshot): void {
    this.pendingBucket = s.bucket;
    this.pendingTime = s.time;
    this.pendingValue = s.value;
  }
}

export interface StepSamplerSnapshot {
  bucket: number | null;
  time: number;
  value: number;
}
