import { describe, expect, it } from 'vitest';
import { parseDailyWindow } from '../../../src/core/calendar/downtime-window.ts';
import type { ApprovedModel } from '../../../src/core/ml/approved-model.ts';
import type { TradingMode } from '../../../src/core/risk/risk-config.ts';
import { DowntimeCycle, type RetrainOutcome } from '../../../src/live/runner/downtime-cycle.ts';

const H = 3_600_000;
const day = Date.UTC(2024, 0, 2);

/** A stand-in for LiveRunner: a position the test sets, and the modes the cycle asks for. */
function fakeRunner() {
  const modes: [TradingMode, string][] = [];
  const listeners = new Set<() => void>();
  const r = {
    btc: 5n,
    now: day,
    modes,
    onChange: (fn: () => void) => (listeners.add(fn), () => listeners.delete(fn)),
    eventNow: () => r.now,
    setMode: (m: TradingMode, why: string) => void modes.push([m, why]),
    session: { kernel: { openOrderList: () => [], ledger: { position: (a: string) => (a === 'BTC' ? r.btc : 0n) } } },
    tick(t: number) {
      r.now = t;
      for (const fn of listeners) fn();
    },
  };
  return r;
}

const model = { id: 'new' } as ApprovedModel;

function cycle(r: ReturnType<typeof fakeRunner>, onEnter: 'flatten' | 'hold', outcome: () => Promise<RetrainOutcome>) {
  const activated: string[] = [];
  const retrains: number[] = [];
  const c = new DowntimeCycle(r, {
    window: parseDailyWindow('03:00-05:00')!,
    onEnter,
    assets: ['BTC'],
    retrain: (now) => (retrains.push(now), outcome()),
    activate: (m) => activated.push(m.id) > 0,
  }).attach();
  return { c, activated, retrains };
}

describe('downtime cycle (state machine)', () => {
  it('flatten: waits for flat inside the window, retrains once, activates the approved model after the window', async () => {
    const r = fakeRunner();
    const { c, activated, retrains } = cycle(r, 'flatten', async () => ({ id: 'new', verdict: 'APPROVED', reasons: [], model }));
    r.tick(day + 2 * H);
    expect(c.phase).toBe('TRADING');
    r.tick(day + 3 * H);
    expect(c.phase).toBe('TRANSITION');
    expect(r.modes.at(-1)![0]).toBe('reducing-only');
    r.tick(day + 3.5 * H);
    expect(c.phase).toBe('TRANSITION'); // still long
    r.btc = 0n;
    r.tick(day + 4 * H);
    expect(c.phase).toBe('DOWNTIME');
    expect(r.modes.at(-1)![0]).toBe('halted');
    await c.idle();
    r.tick(day + 4.5 * H);
    expect(c.phase).toBe('DOWNTIME'); // the window is not over yet
    expect(activated).toEqual([]);
    r.tick(day + 5 * H);
    expect(c.phase).toBe('TRADING');
    expect(activated).toEqual(['new']);
    expect(retrains).toEqual([day + 4 * H]);
    expect(r.modes.map((m) => m[0])).toEqual(['reducing-only', 'halted', 'active']);
    expect(c.changes.map((x) => x.to)).toEqual(['TRANSITION', 'DOWNTIME', 'TRANSITION', 'TRADING']);
  });

  it('hold: keeps the position, halts, and a REJECTED retrain keeps the current model', async () => {
    const r = fakeRunner();
    const { c, activated } = cycle(r, 'hold', async () => ({ id: 'x', verdict: 'REJECTED', reasons: ['performance: F1 0.05 < 0.1'], model: null }));
    r.tick(day + 3 * H);
    expect(c.phase).toBe('DOWNTIME');
    expect(r.modes.map((m) => m[0])).toEqual(['halted', 'halted']);
    await c.idle();
    r.tick(day + 5 * H);
    expect(c.phase).toBe('TRADING');
    expect(activated).toEqual([]);
    expect(c.outcomes[0].verdict).toBe('REJECTED');
  });

  it('a failed retrain (e.g. xgboost missing) keeps the model and still resumes', async () => {
    const r = fakeRunner();
    const logs: string[] = [];
    const c = new DowntimeCycle(r, { window: parseDailyWindow('03:00-05:00')!, onEnter: 'hold', assets: ['BTC'], retrain: async () => Promise.reject(new Error('xgboost: ENOENT')), activate: () => true, log: (m) => void logs.push(m) }).attach();
    r.tick(day + 3 * H);
    await c.idle();
    r.tick(day + 5 * H);
    expect(c.phase).toBe('TRADING');
    expect(logs).toContain('retrain failed; keeping the current model');
  });

  it('no flat book by the end of the window: no retrain, trading resumes; waits for a retrain still running', async () => {
    const r = fakeRunner();
    const { c, retrains } = cycle(r, 'flatten', async () => ({ id: 'n', verdict: 'APPROVED', reasons: [], model }));
    r.tick(day + 3 * H);
    r.tick(day + 5 * H);
    expect(c.phase).toBe('TRADING');
    expect(retrains).toEqual([]);
    expect(c.changes.at(-2)!.why).toBe('window ended before flat');

    let release!: () => void;
    const slow = new Promise<void>((res) => (release = res));
    const r2 = fakeRunner();
    r2.btc = 0n;
    const s = cycle(r2, 'flatten', async () => (await slow, { id: 'n', verdict: 'APPROVED', reasons: [], model }));
    r2.tick(day + 3 * H);
    r2.tick(day + 6 * H);
    expect(s.c.phase).toBe('DOWNTIME'); // past the window, but the retrain has not settled
    release();
    await s.c.idle();
    r2.tick(day + 6 * H + 1);
    expect(s.c.phase).toBe('TRADING');
    expect(s.activated).toEqual(['new']);
  });
});
