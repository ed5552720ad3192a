import { describe, expect, it } from 'vitest';
import { formatFixed } from '../../../src/core/decimal/fixed.ts';
import { StrategyTally } from '../../../src/live/dashboard/dashboard-view.ts';
import type { LiveRunner } from '../../../src/live/runner/live-runner.ts';

/** Just what the tally reads of a runner: the kernel's listed orders and the recent fills. */
function fakeRunner() {
  const orders: { clientId: string; strategyId?: string }[] = [];
  const fills: { execId: string; clientId: string; realizedPnl: string; fee: string; feeAsset: string }[] = [];
  const runner = { session: { kernel: { orderList: () => orders }, recentFills: fills } } as unknown as LiveRunner;
  return { runner, orders, fills };
}

describe('per-strategy tally (Overview rows when orders carry a strategyId)', () => {
  it('books each fill once, to the strategy of its order, even after the kernel forgot the order', () => {
    const { runner, orders, fills } = fakeRunner();
    const tally = new StrategyTally();
    orders.push({ clientId: 'A1', strategyId: 'trend' }, { clientId: 'B1', strategyId: 'meanrev' }, { clientId: 'C1' });
    tally.observe(runner);
    orders.length = 0; // closed orders leave the kernel's list
    fills.push(
      { execId: 'x1', clientId: 'A1', realizedPnl: '10.5', fee: '0.25', feeAsset: 'USD' },
      { execId: 'x2', clientId: 'B1', realizedPnl: '-3', fee: '0.1', feeAsset: 'USD' },
      { execId: 'x3', clientId: 'C1', realizedPnl: '1', fee: '0.01', feeAsset: 'USD' },
    );
    tally.observe(runner);
    tally.observe(runner); // seen again: not counted twice
    fills.push({ execId: 'x4', clientId: 'A1', realizedPnl: '-0.5', fee: '0.25', feeAsset: 'USD' });
    tally.observe(runner);
    const view = Object.fromEntries([...tally.byStrategy].map(([id, t]) => [id, { fills: t.fills, realized: formatFixed(t.realized), fees: formatFixed(t.fees.get('USD')!) }]));
    expect(view).toEqual({
      trend: { fills: 2, realized: '10', fees: '0.5' },
      meanrev: { fills: 1, realized: '-3', fees: '0.1' },
      session: { fills: 1, realized: '1', fees: '0.01' }, // no strategyId: the session's row
    });
  });
});
