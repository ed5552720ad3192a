import type { TradingMode } from '../../core/risk/risk-config.ts';
import type { LiveRunner } from '../runner/live-runner.ts';

export const CONTROL_ACTIONS = ['halt', 'reduce-only', 'resume', 'cancel-all', 'halt-strategy', 'resume-strategy'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

const MODES: Record<'halt' | 'reduce-only' | 'resume', TradingMode> = { halt: 'halted', 'reduce-only': 'reducing-only', resume: 'active' };

export interface ControlResult {
  readonly action: ControlAction;
  readonly tradingMode: TradingMode;
  readonly canceled?: number;
  readonly strategy?: string;
  /** The session refused the action (journaled as `refused` with this reason); nothing changed. */
  readonly refused?: string;
}

/**
 * One control action through the runner's kill-switch path, so each is a journaled input that a
 * replay repeats. `cancel-all` is the kill switch's cancel without the lasting halt: halted (the
 * kernel cancels every open order) and straight back to the mode it was in, two journaled
 * inputs. `halt-strategy` / `resume-strategy` act on one strategy id (`strategy`): a journaled
 * `strategy` input, validated first, so halting an unknown or already halted strategy is
 * refused with its reason. An optional reason (header `x-control-reason`) is appended to the
 * journal's.
 */
export function runControl(runner: LiveRunner, action: ControlAction, reasonHeader?: string | string[], strategy?: string | null): ControlResult {
  const note = typeof reasonHeader === 'string' && reasonHeader.trim() ? ` (${reasonHeader.trim().slice(0, 200)})` : '';
  const kernel = runner.session.kernel;
  if (action === 'halt-strategy' || action === 'resume-strategy') {
    const id = strategy ?? '';
    const refused = runner.setStrategyHalted(id, action === 'halt-strategy', `control endpoint: ${action}${note}`);
    return { action, tradingMode: kernel.tradingMode(), strategy: id, ...(refused === undefined ? {} : { refused }) };
  }
  if (action === 'cancel-all') {
    const before = kernel.tradingMode();
    const open = kernel.openOrderList().length;
    runner.setMode('halted', `control endpoint: cancel-all${note}`);
    if (before !== 'halted') runner.setMode(before, `control endpoint: cancel-all done${note}`);
    return { action, tradingMode: kernel.tradingMode(), canceled: open };
  }
  runner.setMode(MODES[action], `control endpoint: ${action}${note}`);
  return { action, tradingMode: kernel.tradingMode() };
}
