/**
 * A composite's members can be halted before they first trade: the strategy declares the ids its
 * orders may carry (Strategy.strategyIds), and the validator knows them from the start. Ids no
 * member has are still refused with the list of known ones.
 */
import { describe, expect, it } from 'vitest';
import { parseFixed } from '../../../src/core/decimal/fixed.ts';
import { parseSessionConfig } from '../../../src/core/journal/session-config.ts';
import { createSessionKernel } from '../../../src/core/journal/session-kernel.ts';
import { BUILTIN_STRATEGIES } from '../../../src/core/strategies/index.ts';
import { STRATEGY_NAMES } from '../../../src/core/strategies/regime-portfolio/signals.ts';

const T0 = Date.UTC(2024, 0, 1);

function session(strategyName: string) {
  const config = parseSessionConfig({ mode: 'paper', strategy: strategyName, params: {}, pairs: ['BTC/USD'], timeframe: '1d', cash: '10000', clientIdPrefix: 'P', downtime: null });
  const sk = createSessionKernel(config, BUILTIN_STRATEGIES.get(strategyName)!.create({}));
  sk.apply({ k: 'deposit', time: T0, asset: 'USD', amount: parseFixed('10000') });
  sk.apply({ k: 'start', time: T0 });
  return sk;
}

describe('strategy ids known before the first order', () => {
  it('regime-portfolio: every member is haltable at the start, before any order', () => {
    const sk = session('regime-portfolio');
    expect(sk.kernel.orderList()).toEqual([]);
    expect(sk.strategyIds()).toEqual([...new Set(['regime-portfolio', ...STRATEGY_NAMES])].sort());
    expect(sk.check({ k: 'strategy', time: T0, strategyId: 'mean-reversion', halted: true, reason: 'test' })).toBeUndefined();
    sk.apply({ k: 'strategy', time: T0, strategyId: 'mean-reversion', halted: true, reason: 'test' });
    expect([...sk.kernel.strategyHalts().keys()]).toEqual(['mean-reversion']);
    expect(sk.check({ k: 'strategy', time: T0, strategyId: 'nobody', halted: true, reason: 'test' })).toMatch(/^strategy "nobody" is not one this session runs \(known: .*mean-reversion/);
  });

  it('a plain strategy knows only its own name until its orders say otherwise', () => {
    expect(session('sma-cross').strategyIds()).toEqual(['sma-cross']);
  });
});
