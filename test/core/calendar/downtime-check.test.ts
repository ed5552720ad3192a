import { describe, expect, it } from 'vitest';
import { DowntimeCheck } from '../../../src/core/calendar/downtime-check.ts';
import { parseFixed } from '../../../src/core/decimal/fixed.ts';
import { parseSessionConfig } from '../../../src/core/journal/session-config.ts';
import { createSessionKernel } from '../../../src/core/journal/session-kernel.ts';
import { RegimePortfolio } from '../../../src/core/strategies/regime-portfolio/index.ts';
import type { Strategy } from '../../../src/core/strategy/strategy.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

/** A strategy that tries a small market buy on every candle. */
const buyer = (): Strategy => ({
  name: 'buyer',
  onCandle(ctx, bar) {
    ctx.submit({ pair: bar.symbol, side: 'buy', type: 'market', quoteQty: parseFixed('50') });
  },
});

describe('the one downtime check', () => {
  it('is the check of live sessions (journal `downtime`) and of regime-portfolio alike', () => {
    expect(new RegimePortfolio().downtimeCheck).toBeInstanceOf(DowntimeCheck);
    const config = parseSessionConfig({ mode: 'paper', strategy: 'buyer', pairs: ['BTC/USD'], timeframe: '1h', cash: '10000', clientIdPrefix: 'D' });
    const rejected: { hour: number; detail: unknown }[] = [];
    const sk = createSessionKernel(config, buyer(), { onLog: (t, msg, f) => msg === 'order rejected' && rejected.push({ hour: new Date(t).getUTCHours(), detail: f?.detail }) });
    sk.apply({ k: 'deposit', time: T0, asset: 'USD', amount: parseFixed('10000') });
    sk.apply({ k: 'start', time: T0 });
    for (let h = 0; h < 8; h++) sk.apply({ k: 'candle', candle: { pair: 'BTC/USD', openTime: T0 + h * HOUR, intervalMs: HOUR, open: 40_000, high: 40_100, low: 39_900, close: 40_000, volume: 100, trades: 10 } });
    // The default window 03:00-05:00 UTC: orders decided at the 03:00 and 04:00 closes are refused, with the one check's reason.
    const portfolio = new DowntimeCheck(new RegimePortfolio().params.downtime).check({} as never, { now: T0 + 3 * HOUR } as never);
    expect(rejected).toEqual([3, 4].map((hour) => ({ hour, detail: portfolio?.detail })));
    expect(portfolio?.detail).toBe('no new orders during the daily downtime 03:00-05:00 UTC');
  });
});
