import { describe, expect, it } from 'vitest';
import { BasketIndex } from '../../../src/core/regime/basket-index.ts';
import { DEFAULT_DETECTOR_PARAMS, RegimeDetector } from '../../../src/core/regime/regime-detector.ts';
import { classifyRegime, DEFAULT_THRESHOLDS, stillHolds, type Regime, type RegimeFeatures } from '../../../src/core/regime/regime.ts';

const calm: RegimeFeatures = { trend: 0, slope: 0, volRatio: 1, drawdown: 0.05, shock: 0 };

describe('classifyRegime (one reading)', () => {
  it.each<[string, Partial<RegimeFeatures>, Regime, number]>([
    ['flat market', {}, 'neutral', 1],
    ['small trend inside the band', { trend: 0.01, slope: 0.01 }, 'neutral', 0.5],
    ['uptrend at the edge', { trend: 0.02, slope: 0.01 }, 'risk-on', 0],
    ['strong uptrend', { trend: 0.15, slope: 0.05 }, 'risk-on', 1],
    ['uptrend but fast SMA still below', { trend: 0.05, slope: -0.01 }, 'neutral', 0],
    ['uptrend with a volatility spike', { trend: 0.1, slope: 0.05, volRatio: 1.6 }, 'neutral', 0],
    ['downtrend', { trend: -0.085, slope: -0.02 }, 'risk-off', 0.5],
    ['deep drawdown alone', { drawdown: 0.275 }, 'risk-off', 0.5],
    ['crash: drawdown with vol spike', { trend: -0.3, slope: -0.1, drawdown: 0.525, volRatio: 2 }, 'panic', 0.5],
    ['shock: fast fall', { shock: -0.3 }, 'panic', 0.5],
    ['deep drawdown without vol spike is risk-off', { drawdown: 0.5, volRatio: 1.2 }, 'risk-off', 1],
  ])('%s', (_name, f, regime, confidence) => {
    const r = classifyRegime({ ...calm, ...f });
    expect(r.regime).toBe(regime);
    expect(r.confidence).toBeCloseTo(confidence, 9);
  });
});

/** Crafted reference series: warm-up noise then a phase shaped like the regime under test. */
function series(phase: (i: number, last: number) => number, n: number): number[] {
  const out: number[] = [];
  let x = 100;
  for (let i = 0; i < 120; i++) out.push((x *= 1 + (i % 2 ? 0.01 : -0.0099)));
  for (let i = 0; i < n; i++) out.push((x = phase(i, x)));
  return out;
}

function feed(values: number[], d = new RegimeDetector()) {
  return values.map((v) => d.update(v));
}

describe('RegimeDetector on crafted series', () => {
  it.each<[Regime, number[]]>([
    ['neutral', series((i, x) => x * (1 + (i % 2 ? 0.01 : -0.0099)), 60)],
    ['risk-on', series((i, x) => x * (1.01 + (i % 2 ? 0.01 : -0.01)), 60)],
    ['risk-off', series((i, x) => x * (0.993 + (i % 2 ? 0.01 : -0.01)), 60)],
    ['panic', series((_i, x) => x * 0.95, 10)],
  ])('ends in %s', (regime, values) => {
    const states = feed(values);
    const last = states.at(-1)!;
    expect(last.warm).toBe(true);
    expect(last.regime).toBe(regime);
    expect(last.confidence).toBeGreaterThanOrEqual(0);
    expect(last.confidence).toBeLessThanOrEqual(1);
  });

  it('is not warm (and neutral) until the long volatility window is filled', () => {
    const states = feed(series((_i, x) => x, 0).slice(0, DEFAULT_DETECTOR_PARAMS.volLong));
    expect(states.every((s) => !s.warm && s.regime === 'neutral')).toBe(true);
  });

  it('hysteresis: a regime needs `confirm` consecutive readings, so alternating readings never flap it', () => {
    // Short windows make the raw reading flip on every swing of a zig-zag series.
    const d = new RegimeDetector({ ...DEFAULT_DETECTOR_PARAMS, fast: 2, slow: 4, volShort: 2, volLong: 6, ddWindow: 4, shockWindow: 1 });
    let x = 100;
    let switches = 0;
    let rawChanges = 0;
    let prev = d.state().regime;
    let prevRaw: Regime | undefined;
    for (let i = 0; i < 200; i++) {
      const s = d.update((x *= i % 4 < 2 ? 1.04 : 0.962));
      if (s.regime !== prev) switches++;
      if (s.raw && prevRaw && s.raw.regime !== prevRaw) rawChanges++;
      prev = s.regime;
      prevRaw = s.raw?.regime;
    }
    expect(rawChanges).toBeGreaterThan(150); // risk-on / neutral / risk-off readings alternate...
    expect(switches).toBe(0); // ...but none lasts `confirm` readings: the regime holds
    // The same series with confirm = 1, no dwell and exit thresholds equal to the entry ones (no hysteresis) flaps.
    const flappy = new RegimeDetector({ ...d.params, confirm: 1, minDwell: 0, thresholds: { ...d.params.thresholds, trendExit: 1, ddExit: d.params.thresholds.ddOff } });
    x = 100;
    let flaps = 0;
    let last = flappy.state().regime;
    for (let i = 0; i < 200; i++) {
      const s = flappy.update((x *= i % 4 < 2 ? 1.04 : 0.962));
      if (s.regime !== last) flaps++;
      last = s.regime;
    }
    expect(flaps).toBeGreaterThan(150);
  });

  it('minimum dwell: a confirmed regime holds minDwell steps before any switch but one into panic', () => {
    const base = { ...DEFAULT_DETECTOR_PARAMS, fast: 2, slow: 4, volShort: 2, volLong: 6, ddWindow: 4, shockWindow: 1, confirm: 1, thresholds: { ...DEFAULT_THRESHOLDS, trendExit: 1, ddExit: DEFAULT_THRESHOLDS.ddOff } };
    const run = (minDwell: number) => {
      const d = new RegimeDetector({ ...base, minDwell });
      let x = 100;
      const switches: { step: number; to: Regime }[] = [];
      let prev = d.state().regime;
      for (let i = 0; i < 400; i++) {
        const s = d.update((x *= i % 8 < 4 ? 1.03 : 0.971));
        if (s.warm && s.regime !== prev) switches.push({ step: i, to: s.regime });
        prev = s.regime;
      }
      return switches;
    };
    const free = run(0);
    const held = run(12);
    expect(free.length).toBeGreaterThan(40);
    expect(held.length).toBeGreaterThan(0);
    expect(held.length).toBeLessThan(free.length / 2);
    for (let i = 1; i < held.length; i++) if (held[i].to !== 'panic') expect(held[i].step - held[i - 1].step).toBeGreaterThanOrEqual(12);
  });

  it.each<[Regime, Partial<RegimeFeatures>, boolean]>([
    ['risk-on', { trend: 0.015, slope: 0.01 }, true], // below the 2% entry, above the 1% exit: stays
    ['risk-on', { trend: 0.005, slope: 0.01 }, false],
    ['risk-on', { trend: 0.05, slope: 0.01, volRatio: 1.6 }, false], // a volatility spike ends it
    ['risk-off', { trend: -0.012, slope: -0.01 }, true],
    ['risk-off', { trend: -0.005, slope: -0.01 }, false],
    ['risk-off', { drawdown: 0.16 }, true], // drawdown-driven: entered at 20%, left below 15%
    ['risk-off', { drawdown: 0.14 }, false],
    ['panic', { shock: -0.25 }, true],
    ['panic', { shock: -0.1 }, false],
    ['neutral', {}, false],
  ])('exit thresholds: %s with %o still holds = %s', (regime, f, holds) => {
    expect(stillHolds(regime, { ...calm, ...f })).toBe(holds);
  });

  it('switches into panic on the first crash reading and counts steps since panic', () => {
    const d = new RegimeDetector();
    const values = series((i, x) => x * (1 + (i % 2 ? 0.01 : -0.0099)), 5);
    feed(values, d);
    let x = values.at(-1)!;
    const s = d.update((x *= 0.7)); // -30% in one step: shock
    expect(s.regime).toBe('panic');
    expect(s.stepsSincePanic).toBe(0);
    for (let i = 0; i < 40; i++) d.update((x *= 1.002));
    expect(d.state().regime).not.toBe('panic');
    expect(d.state().stepsSincePanic).toBeGreaterThan(0);
  });

  it('is deterministic and survives snapshot/restore mid-series', () => {
    const values = series((i, x) => x * (1 + Math.sin(i / 7) * 0.02), 200);
    const whole = feed(values);
    const a = new RegimeDetector();
    feed(values.slice(0, 150), a);
    const b = new RegimeDetector();
    b.restore(JSON.parse(JSON.stringify(a.snapshot())));
    const rest = feed(values.slice(150), b);
    expect(rest).toEqual(whole.slice(150));
  });

  it('rejects bad parameters and bad values', () => {
    expect(() => new RegimeDetector({ ...DEFAULT_DETECTOR_PARAMS, fast: 50, slow: 20 })).toThrow(/fast < slow/);
    expect(() => new RegimeDetector().update(Number.NaN)).toThrow(/positive number/);
  });
});

describe('BasketIndex', () => {
  it('emits one equal-weight step per close time, early when all members reported, late across a gap', () => {
    const b = new BasketIndex([0, 2]);
    const out: [number, number][] = [];
    const emit = (t: number, level: number) => out.push([t, level]);
    b.onClose(0, 1, 100, emit);
    b.onClose(1, 1, 5, emit); // not a member
    b.onClose(2, 1, 10, emit);
    expect(out).toEqual([]); // no returns yet
    b.onClose(0, 2, 110, emit);
    b.onClose(2, 2, 12, emit);
    expect(out).toHaveLength(1);
    expect(out[0][0]).toBe(2);
    expect(out[0][1]).toBeCloseTo(Math.exp((Math.log(1.1) + Math.log(1.2)) / 2), 12);
    b.onClose(0, 3, 121, emit); // member 2 has no candle at 3
    b.onClose(1, 4, 5, emit); // time moves on: step 3 is emitted from member 0 alone
    expect(out).toHaveLength(2);
    expect(out[1][0]).toBe(3);
    expect(out[1][1] / out[0][1]).toBeCloseTo(1.1, 12);
  });

  it('a one-pair basket is the pair itself from its first close', () => {
    const b = new BasketIndex([1]);
    const out: number[] = [];
    for (const [t, c] of [[1, 50], [2, 55], [3, 44]]) b.onClose(1, t, c, (_t, l) => out.push(l));
    expect(out.map((x) => x * 50)).toEqual([50, expect.closeTo(55, 9), expect.closeTo(44, 9)]);
  });
});
