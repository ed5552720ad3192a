import { describe, expect, it } from 'vitest';
import { MODEL_STATES, statesFrom, transition, type ModelState } from '../../../src/core/ml/lifecycle.ts';
import { fitLogistic, predictLogistic } from '../../../src/core/ml/logistic.ts';
import { fitNoSkill } from '../../../src/core/ml/no-skill.ts';
import { classMetrics, signalMetrics } from '../../../src/core/ml/scoring.ts';
import { mulberry32 } from '../../helpers/mulberry32.ts';

describe('artifact lifecycle', () => {
  const allowed = new Set(['null>CANDIDATE', 'CANDIDATE>VALIDATION', 'VALIDATION>APPROVED', 'VALIDATION>REJECTED', 'APPROVED>RETIRED']);
  it('allows exactly the five transitions of the state machine', () => {
    for (const from of [null, ...MODEL_STATES] as (ModelState | null)[]) {
      for (const to of MODEL_STATES) {
        const ok = allowed.has(`${from}>${to}`);
        if (ok) expect(transition('m', from, to, 'r', 'h')).toEqual({ event: 'transition', model: 'm', from, to, reason: 'r', artifactHash: 'h' });
        else expect(() => transition('m', from, to, 'r', 'h')).toThrow(/is not a lifecycle transition/);
      }
    }
  });
  it('replays events into states and refuses an event that does not start where the model is', () => {
    const ev = [
      { model: 'a', from: null, to: 'CANDIDATE' },
      { model: 'a', from: 'CANDIDATE', to: 'VALIDATION' },
      { model: 'a', from: 'VALIDATION', to: 'APPROVED' },
    ] as const;
    expect(statesFrom(ev).get('a')).toBe('APPROVED');
    expect(() => statesFrom([...ev, { model: 'a', from: 'VALIDATION', to: 'REJECTED' }])).toThrow(/moves it from VALIDATION but it is APPROVED/);
  });
});

describe('baselines and scoring', () => {
  it('logistic regression recovers a known linear rule and is deterministic', () => {
    const rnd = mulberry32(3);
    const n = 4000;
    const x = new Float64Array(n * 2);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[2 * i] = rnd() * 4 - 2;
      x[2 * i + 1] = rnd() * 4 - 2;
      y[i] = rnd() < 1 / (1 + Math.exp(-(2 * x[2 * i] - x[2 * i + 1]))) ? 1 : 0;
    }
    const m = fitLogistic(x, y, n, 2, { l2: 0 });
    const w = m.weights.map((v, j) => (j === 0 ? v : v / m.scale[j - 1]));
    expect(w[1]).toBeCloseTo(2, 0);
    expect(w[2]).toBeCloseTo(-1, 0);
    expect(fitLogistic(x, y, n, 2, { l2: 0 })).toEqual(m);
    expect(predictLogistic(m, [3, -3])).toBeGreaterThan(0.99);
  });
  it('no-skill: prevalence; classified always positive its F1 is 2p/(1+p)', () => {
    const y = [1, 0, 0, 0];
    const ns = fitNoSkill(y);
    expect(ns.prevalence).toBe(0.25);
    expect(classMetrics([0.25, 0.25, 0.25, 0.25], y, 0).f1).toBeCloseTo(0.4, 12);
  });
  it('signal trading: long when p >= threshold earns the next bar, pays costs on each change', () => {
    const s = signalMetrics([0.9, 0.9, 0.1, 0.9], [Math.log(1.1), Math.log(0.95), Math.log(2), Math.log(1.01)], { threshold: 0.5, size: 1, oneWayCostBps: 10, barsPerYear: 4 });
    expect(s.totalReturn).toBeCloseTo((1 + 0.1 - 0.001) * 0.95 * (1 - 0.001) * (1 + 0.01 - 0.001) - 1, 12);
    expect(s.trades).toBe(3);
    expect(s.exposure).toBe(0.75);
    expect(s.maxPosition).toBe(1);
    expect(s.maxDrawdown).toBeGreaterThan(0.05);
  });
});
