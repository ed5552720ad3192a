import { describe, expect, it } from 'vitest';
import { parseFixed } from '../../../src/core/decimal/fixed.ts';
import { parseSessionConfig } from '../../../src/core/journal/session-config.ts';
import { createSessionKernel } from '../../../src/core/journal/session-kernel.ts';
import { BUILTIN_STRATEGIES } from '../../../src/core/strategies/index.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

/** A paper session fed the same hourly candles of two pairs; the pairs listed in `pairs` order. */
function run(pairs: string[]): { hash: string; instruments: string[]; fills: number } {
  const config = parseSessionConfig({ mode: 'paper', strategy: 'sma-cross', params: { fast: '2', slow: '5' }, pairs, timeframe: '1h', cash: '10000', clientIdPrefix: 'P', downtime: null });
  const strategy = BUILTIN_STRATEGIES.get('sma-cross')!.create(config.params);
  let fills = 0;
  const sk = createSessionKernel(config, strategy, { onFill: () => fills++ });
  sk.apply({ k: 'deposit', time: T0, asset: 'USD', amount: parseFixed('10000') });
  sk.apply({ k: 'start', time: T0 });
  for (let h = 0; h < 120; h++) {
    // Zig-zag prices so the crossover trades both pairs; candles of one hour arrive BTC first.
    const wave = Math.sin(h / 6);
    for (const [pair, base] of [['BTC/USD', 40_000], ['ETH/USD', 2_000]] as const) {
      const px = Math.round(base * (1 + 0.05 * wave) * 10) / 10;
      sk.apply({ k: 'candle', candle: { pair, openTime: T0 + h * HOUR, intervalMs: HOUR, open: px, high: px * 1.001, low: px * 0.999, close: px, volume: 100, trades: 10 } });
    }
  }
  return { hash: sk.kernel.hash(), instruments: sk.instruments.map((i) => i.symbol), fills };
}

describe('live session pair order', () => {
  it('the same pairs in any order give the same instruments, fills and hash (as in backtests)', () => {
    const a = run(['BTC/USD', 'ETH/USD']);
    const b = run(['ETH/USD', 'BTC/USD']);
    expect(a.fills).toBeGreaterThan(4);
    expect(b.instruments).toEqual(a.instruments);
    expect(b.hash).toBe(a.hash);
  });
});
