import { describe, expect, it } from 'vitest';
import { SubscriptionRegistry } from '../../../../src/live/kraken/ws/subscription-registry.ts';

describe('SubscriptionRegistry', () => {
  it('keeps one entry per channel/symbol/variant and regroups them into few requests', () => {
    const r = new SubscriptionRegistry();
    expect(r.add({ channel: 'ticker', symbol: ['BTC/USD', 'ETH/USD', 'BTC/USD'] }).map((e) => e.key)).toEqual(['ticker|BTC/USD|', 'ticker|ETH/USD|']);
    expect(r.add({ channel: 'ticker', symbol: ['BTC/USD'] })).toEqual([]);
    r.add({ channel: 'ohlc', symbol: ['BTC/USD'], interval: 1 });
    r.add({ channel: 'ohlc', symbol: ['BTC/USD'], interval: 5 });
    r.add({ channel: 'book', symbol: ['BTC/USD'], depth: 10 });
    r.add({ channel: 'executions', snap_orders: true });
    expect(r.size).toBe(6);
    expect(SubscriptionRegistry.group(r.all())).toEqual([
      { channel: 'ticker', symbol: ['BTC/USD', 'ETH/USD'] },
      { channel: 'ohlc', symbol: ['BTC/USD'], interval: 1 },
      { channel: 'ohlc', symbol: ['BTC/USD'], interval: 5 },
      { channel: 'book', symbol: ['BTC/USD'], depth: 10 },
      { channel: 'executions', snap_orders: true },
    ]);
    expect(r.match('ohlc', 'BTC/USD', 5)?.key).toBe('ohlc|BTC/USD|5');
    expect(r.match('ticker', 'ETH/USD', undefined)?.key).toBe('ticker|ETH/USD|');
    expect(r.remove({ channel: 'ticker', symbol: ['ETH/USD', 'SOL/USD'] }).map((e) => e.key)).toEqual(['ticker|ETH/USD|']);
    expect(r.allAcknowledged()).toBe(false);
    for (const e of r.all()) e.acknowledged = true;
    expect(r.allAcknowledged()).toBe(true);
    r.markAllUnacknowledged();
    expect(r.allAcknowledged()).toBe(false);
  });
});
