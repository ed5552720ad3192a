import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEntry, encodeEntry, encodeHeader, encodeInput, JOURNAL_FORMAT, JOURNAL_VERSION, JournalFormatError, type JournalInput } from '../../../src/core/journal/journal-entry.ts';
import { parseJournalText } from '../../../src/core/journal/journal-text.ts';
import { parseSessionConfig } from '../../../src/core/journal/session-config.ts';

const session = parseSessionConfig({ mode: 'paper', strategy: 'sma-cross', pairs: ['BTC/USD'], timeframe: '1h', cash: '10000', clientIdPrefix: 'T' });
const header = encodeHeader({ format: JOURNAL_FORMAT, version: JOURNAL_VERSION, createdAt: 1, session });

const fixed = fc.bigInt({ min: 0n, max: 10n ** 30n });
const time = fc.integer({ min: 0, max: 2 ** 45 });
const price = fc.double({ min: 1e-8, max: 1e7, noNaN: true });
const input: fc.Arbitrary<JournalInput> = fc.oneof(
  fc.record({ k: fc.constant('venue' as const), event: fc.record({ kind: fc.constant('filled' as const), time, clientId: fc.string({ minLength: 1 }) }) }),
  fc.record({ k: fc.constant('deposit' as const), time, asset: fc.constantFrom('USD', 'BTC'), amount: fixed }),
  fc.record({ k: fc.constantFrom('start' as const, 'tick' as const, 'stop' as const), time }),
  fc.record({ k: fc.constant('mode' as const), time, mode: fc.constantFrom('active' as const, 'halted' as const, 'reducing-only' as const), reason: fc.string() }),
  fc.record({ k: fc.constant('strategy' as const), time, strategyId: fc.string({ minLength: 1 }), halted: fc.boolean(), reason: fc.string() }),
  fc.record({ k: fc.constant('candle' as const), candle: fc.record({ pair: fc.constant('BTC/USD'), openTime: time, intervalMs: fc.constant(3_600_000), open: price, high: price, low: price, close: price, volume: price, trades: fc.nat() }) }),
  fc.record({
    k: fc.constant('venue' as const),
    event: fc.record({
      kind: fc.constant('fill' as const), time, clientId: fc.string({ minLength: 1 }), execId: fc.string({ minLength: 1 }), qty: fixed, price: fixed, fee: fixed,
      feeAsset: fc.constant('USD'), liquidity: fc.constantFrom('maker' as const, 'taker' as const), orderStatus: fc.constantFrom('filled' as const, 'partially-filled' as const),
    }, { requiredKeys: ['kind', 'time', 'clientId', 'execId', 'qty', 'price', 'fee', 'feeAsset', 'liquidity', 'orderStatus'] }).chain((ev) =>
      // Optional venue facts: Kraken's booked cost, and pair/side for fills of orders the kernel no longer holds.
      fc.record({ cost: fixed, pair: fc.constant('BTC/USD'), side: fc.constantFrom('buy' as const, 'sell' as const) }, { requiredKeys: [] }).map((extra) => ({ ...ev, ...extra })),
    ),
  }),
);

describe('journal entry format', () => {
  it('round-trips every input exactly (decimals and floats) and encodes canonically', () => {
    fc.assert(
      fc.property(fc.nat(), input, (n, i) => {
        const line = encodeEntry({ n, input: i });
        const back = decodeEntry(line);
        expect(back).toEqual({ n, input: i });
        expect(encodeEntry(back)).toBe(line);
      }),
    );
  });

  it.each([
    ['{"n":1,"k":"deposit","time":1,"asset":"USD","amount":12.5}', /journal:3: field "amount" must be an exact decimal string/],
    ['{"n":1,"k":"teleport","time":1}', /field "k" must be one of/],
    ['{"n":1,"k":"candle","pair":"BTC/USD","openTime":0,"intervalMs":60000,"open":"x","high":"1","low":"1","close":"1","volume":"1","trades":0}', /field "open" must be a decimal/],
    ['not json', /not valid JSON/],
  ])('names the line and field of a bad entry: %s', (line, msg) => {
    expect(() => decodeEntry(line, 'journal', 3)).toThrow(msg);
  });

  it('drops a torn last line, rejects gaps and bad lines elsewhere', () => {
    const e1 = encodeEntry({ n: 1, input: { k: 'start', time: 5 } });
    const e2 = encodeEntry({ n: 2, input: { k: 'tick', time: 6 } });
    const ok = parseJournalText(`${header}\n${e1}\n${e2.slice(0, 10)}`, 'j');
    expect(ok.entries).toHaveLength(1);
    expect(ok.tornTail).toBe(10);
    expect(() => parseJournalText(`${header}\n${e2}\n`, 'j')).toThrow(/j:2: entry number 2 out of sequence/);
    expect(() => parseJournalText(`${header}\n{oops\n${e2}\n`, 'j')).toThrow(JournalFormatError);
  });

  it('keeps a refused input as it came (even garbage such as NaN) with its reason, and reads it back', () => {
    fc.assert(
      fc.property(fc.nat(), input, fc.string(), (n, i, reason) => {
        const refused: JournalInput = { k: 'refused', reason, input: encodeInput(i) };
        const line = encodeEntry({ n, input: refused });
        expect(decodeEntry(line)).toEqual({ n, input: JSON.parse(JSON.stringify(refused)) });
      }),
    );
    const nan = encodeEntry({ n: 3, input: { k: 'refused', reason: 'close is NaN', input: encodeInput({ k: 'candle', candle: { pair: 'BTC/USD', openTime: 0, intervalMs: 60_000, open: 1, high: 1, low: 1, close: NaN, volume: 1, trades: 1 } }) } });
    expect(decodeEntry(nan).input).toMatchObject({ k: 'refused', reason: 'close is NaN', input: { k: 'candle', close: 'NaN' } });
    expect(() => decodeEntry('{"n":1,"k":"refused","reason":"x","input":3}')).toThrow(/field "input" of a refused entry must be an object/);
  });
});
