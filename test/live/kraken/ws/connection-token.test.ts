import { describe, expect, it } from 'vitest';
import { ConnectionToken } from '../../../../src/live/kraken/ws/connection-token.ts';

describe('ConnectionToken: one GetWebSocketsToken per connection', () => {
  const make = () => {
    let now = 0;
    let n = 0;
    const t = new ConnectionToken(async () => `t${++n}`, () => now, 840_000);
    return { t, at: (ms: number) => (now = ms) };
  };

  it('reuses the token on its connection, fetches a fresh one on the next', async () => {
    const { t } = make();
    t.newConnection(1);
    expect([await t.get(1), await t.get(1)]).toEqual(['t1', 't1']);
    t.newConnection(2);
    expect(await t.get(2)).toBe('t2');
    expect(t.fetched).toBe(2);
  });

  it('an unconfirmed token is renewed before its 15 minutes run out; a confirmed one lives with its connection', async () => {
    const { t, at } = make();
    t.newConnection(1);
    await t.get(1);
    at(900_000);
    expect(await t.get(1)).toBe('t2'); // never used by a subscription: too old now
    t.confirm(1);
    at(5_000_000);
    expect(await t.get(1)).toBe('t2'); // a subscription uses it: valid for the connection
  });

  it('a refused token is dropped; a failed fetch is not cached', async () => {
    let calls = 0;
    const t = new ConnectionToken(async () => (++calls === 1 ? Promise.reject(new Error('EAPI:Invalid key')) : `ok${calls}`), () => 0, 840_000);
    await expect(t.get(1)).rejects.toThrow('EAPI:Invalid key');
    expect(await t.get(1)).toBe('ok2');
    t.invalidate();
    expect(await t.get(1)).toBe('ok3');
  });
});
