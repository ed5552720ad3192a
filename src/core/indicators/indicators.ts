/**
 * The indicator library for strategy authors: a thin adapter over `trading-signals` (streaming
 * `update`, well tested), so strategies stop hand-writing SMAs and bands. Every indicator here
 * is a function of its last `window` inputs only, which is what makes snapshot/restore exact:
 * the adapter keeps those inputs, and `restore` replays them into a fresh library object.
 * Values are floats (indicators and signals may be; money may not) and NaN until warm.
 *
 * Purity (checked in test/core/indicators): the classes used here read no clock and no random
 * source (the package's only clock use is its weekday helpers, which this adapter does not
 * import), and recompute from their window each step (no running sums that drift), so the same
 * inputs give the same bits in every run and process.
 */
import { BollingerBands, DonchianChannels, ROC, SMA } from 'trading-signals';

/** A streaming indicator: feed one input per step, read the latest value. */
export interface Indicator<I, O> {
  /** Adds the next input; returns the value after it (NaN fields while not warm). */
  update(input: I): O;
  value(): O;
  readonly warm: boolean;
  /** The inputs the value depends on (oldest first): its whole state. */
  snapshot(): I[];
  restore(inputs: readonly I[]): void;
}

interface LibIndicator<I, R> {
  update(input: I, replace: boolean): R | null;
}

/** Keeps the last `keep` inputs and rebuilds the library object from them on restore. */
class Windowed<I, R, O> implements Indicator<I, O> {
  private inputs: I[] = [];
  private lib: LibIndicator<I, R>;
  private current: O;

  constructor(
    private readonly keep: number,
    private readonly make: () => LibIndicator<I, R>,
    private readonly read: (r: R | null) => O,
  ) {
    if (!(Number.isInteger(keep) && keep >= 1)) throw new RangeError(`indicator window must be a whole number >= 1, got ${keep}`);
    this.lib = make();
    this.current = read(null);
  }

  get warm(): boolean {
    return this.inputs.length >= this.keep;
  }

  update(input: I): O {
    this.inputs.push(input);
    if (this.inputs.length > this.keep) this.inputs.shift();
    this.current = this.read(this.lib.update(input, false));
    return this.current;
  }

  value(): O {
    return this.current;
  }

  snapshot(): I[] {
    return [...this.inputs];
  }

  restore(inputs: readonly I[]): void {
    this.lib = this.make();
    this.inputs = [];
    this.current = this.read(null);
    for (const x of inputs.slice(-this.keep)) this.update(x);
  }
}

/** Simple moving average of the last n values. */
export function sma(n: number): Indicator<number, number> {
  return new Windowed<number, number, number>(n, () => new SMA(n), (r) => r ?? NaN);
}

export interface Bands {
  readonly middle: number;
  /** Standard deviation of the window (population, as Bollinger defined it). */
  readonly sd: number;
  /** The same with Bessel's correction (n - 1), the usual estimate from a sample. */
  readonly sampleSd: number;
}

/** Bollinger bands of the last n values: their mean and standard deviation. */
export function bollinger(n: number): Indicator<number, Bands> {
  return new Windowed<number, { middle: number; upper: number }, Bands>(
    n,
    () => new BollingerBands(n, 1),
    (r) => (r ? { middle: r.middle, sd: r.upper - r.middle, sampleSd: n > 1 ? (r.upper - r.middle) * Math.sqrt(n / (n - 1)) : NaN } : { middle: NaN, sd: NaN, sampleSd: NaN }),
  );
}

/** Rate of change over n steps: value / value n steps back - 1. */
export function rateOfChange(n: number): Indicator<number, number> {
  return new Windowed<number, number, number>(n + 1, () => new ROC(n), (r) => r ?? NaN);
}

export interface Channel {
  readonly upper: number;
  readonly lower: number;
}

/** Donchian channel: highest high and lowest low of the last n candles. */
export function donchian(n: number): Indicator<{ high: number; low: number }, Channel> {
  return new Windowed<{ high: number; low: number }, { upper: number; lower: number }, Channel>(
    n,
    () => new DonchianChannels(n),
    (r) => (r ? { upper: r.upper, lower: r.lower } : { upper: NaN, lower: NaN }),
  );
}

/**
 * Sample standard deviation of the log returns of the last n steps (needs n + 1 values):
 * Bollinger's deviation over the log-return series, with Bessel's correction.
 */
export function logReturnVolatility(n: number): Indicator<number, number> {
  const bands = bollinger(n);
  let last = NaN;
  let inputs: number[] = [];
  const self: Indicator<number, number> = {
    get warm() {
      return bands.warm;
    },
    update(x) {
      inputs.push(x);
      if (inputs.length > n + 1) inputs.shift();
      if (last > 0 && x > 0) bands.update(Math.log(x / last));
      last = x;
      return self.value();
    },
    value: () => bands.value().sampleSd,
    snapshot: () => [...inputs],
    restore(values) {
      bands.restore([]);
      last = NaN;
      inputs = [];
      for (const x of values.slice(-(n + 1))) self.update(x);
    },
  };
  return self;
}
