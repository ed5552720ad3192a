import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bookChecksum, checksumDigits, checksumInput } from '../../../../src/live/kraken/book/checksum.ts';
import { OrderBook, OrderBookError, type BookDepth, type BookLevelsInput } from '../../../../src/live/kraken/book/order-book.ts';
import { parseKrakenWsFrame } from '../../../../src/live/kraken/ws/messages/parse.ts';
import type { BookMessage } from '../../../../src/live/kraken/ws/messages/market-data.ts';
import { fixtureFrames } from '../ws/fixture-files.ts';

function bookFrames(name: string): BookMessage[] {
  return fixtureFrames(name).map((f) => {
    const r = parseKrakenWsFrame(f.text);
    if (!r.ok) throw r.error;
    if (!('channel' in r.message) || r.message.channel !== 'book') throw new Error(`${f.where} is not a book frame`);
    return r.message;
  });
}

/** Applies frames in order; returns each frame's expected and computed checksum. */
function replay(book: OrderBook, frames: BookMessage[]): { expected: number; actual: number }[] {
  const out: { expected: number; actual: number }[] = [];
  for (const msg of frames) {
    for (const d of msg.data) {
      if (msg.type === 'snapshot') book.applySnapshot(d);
      else book.applyUpdate(d);
      out.push({ expected: d.checksum, actual: book.checksum() });
    }
  }
  return out;
}

describe('checksum formatting', () => {
  it.each([
    ['0.00100000', '100000'],
    ['45285.2', '452852'],
    ['0.5660', '5660'],
    ['4.00000000', '400000000'],
    ['1098.39475580', '109839475580'],
  ])('%s -> %s', (text, digits) => expect(checksumDigits(text)).toBe(digits));

  it('concatenates asks before bids, at most 10 each', () => {
    const lv = (p: string) => ({ price: p, qty: '1.0' });
    const asks = Array.from({ length: 12 }, (_, i) => lv(`${i + 1}.5`));
    expect(checksumInput(asks.slice(0, 2), [lv('0.5')])).toBe('1510' + '2510' + '510');
    expect(checksumInput(asks, [])).toBe(asks.slice(0, 10).map((l) => l.price.replace('.', '') + '10').join(''));
  });
});

describe('OrderBook against the Kraken fixtures', () => {
  const cases: { name: string; files: string[]; expected: number[] }[] = [
    { name: 'docs checksum example', files: ['ws-v2-book-checksum-docs-example.json'], expected: [3310070434] },
    { name: 'docs MATIC snapshot + update', files: ['ws-v2-book-docs-matic-snapshot.json', 'ws-v2-book-docs-matic-update.json'], expected: [2439117997, 2114181697] },
    { name: 'captured BTC/USD snapshot + update', files: ['ws-v2-book-snapshot.json', 'ws-v2-book-update.json'], expected: [2785033588, 3547452596] },
  ];
  it.each(cases)('$name: every checksum validates', ({ files, expected }) => {
    const book = new OrderBook('X', { depth: 10 });
    const results = replay(book, files.flatMap(bookFrames));
    expect(results.map((r) => r.expected)).toEqual(expected);
    expect(results.map((r) => r.actual)).toEqual(expected);
    expect(book.isCrossed()).toBe(false);
  });

  it('captured BTC/USD sequence: all 41 frames validate and the book never crosses', () => {
    const book = new OrderBook('BTC/USD', { depth: 10 });
    const frames = bookFrames('ws-v2-book-sequence.jsonl');
    const results = replay(book, frames);
    expect(results).toHaveLength(41);
    for (const [i, r] of results.entries()) expect(r.actual, `frame ${i + 1}`).toBe(r.expected);
    expect(book.bids()).toHaveLength(10);
    expect(book.asks()).toHaveLength(10);
    expect(book.isCrossed()).toBe(false);
  });

  it('deletes, inserts beyond the old 10th level, and truncates to depth (ws-v2-book-update)', () => {
    const book = new OrderBook('BTC/USD', { depth: 10 });
    replay(book, bookFrames('ws-v2-book-snapshot.json'));
    replay(book, bookFrames('ws-v2-book-update.json'));
    const asks = book.asks().map((l) => l.price);
    expect(asks).not.toContain('29431.1');
    expect(asks).toContain('29430.6');
    expect(asks).toHaveLength(10);
    // 29433.3 was inserted, then pushed out by 29430.6: the truncated side ends at 29433.1.
    expect(asks[9]).toBe('29433.1');
  });

  it('detects a corrupted update', () => {
    const [snapshot] = bookFrames('ws-v2-book-snapshot.json');
    // Corrupt the qty of the inserted ask 29430.6, which stays inside the top 10.
    const corrupted = fixtureFrames('ws-v2-book-update.json')[0].text.replace('"qty": 0.00100000', '"qty": 0.00100001');
    const r = parseKrakenWsFrame(corrupted);
    if (!r.ok) throw r.error;
    const book = new OrderBook('BTC/USD', { depth: 10 });
    const results = replay(book, [snapshot, r.message as BookMessage]);
    expect(results[0].actual).toBe(results[0].expected);
    expect(results[1].expected).toBe(3547452596);
    expect(book.verifyChecksum(3547452596)).toEqual({ ok: false, expected: 3547452596, actual: results[1].actual });
    expect(results[1].actual).not.toBe(3547452596);
  });

  it('trailing-zero gotcha: float-trimmed text fails, re-rendering with the pair precision fixes it', () => {
    // What JSON.parse + String() would give: 0.00100000 -> "0.001", 0.5660 -> "0.566".
    const trim = (m: BookMessage): BookLevelsInput => {
      const t = (l: { price: string; qty: string }) => ({ price: String(Number(l.price)), qty: String(Number(l.qty)) });
      return { bids: m.data[0].bids.map(t), asks: m.data[0].asks.map(t) };
    };
    const [snap, upd] = [...bookFrames('ws-v2-book-docs-matic-snapshot.json'), ...bookFrames('ws-v2-book-docs-matic-update.json')];
    const naive = new OrderBook('MATIC/USD', { depth: 10 });
    naive.applySnapshot(trim(snap));
    expect(naive.checksum()).not.toBe(2439117997);

    const fixed = new OrderBook('MATIC/USD', { depth: 10, priceDecimals: 4, qtyDecimals: 8 });
    fixed.applySnapshot(trim(snap));
    expect(fixed.checksum()).toBe(2439117997);
    fixed.applyUpdate(trim(upd));
    expect(fixed.checksum()).toBe(2114181697);

    // Wrong precision (negative control from SOURCES.md): 5 price decimals gives 1472384375.
    const wrong = new OrderBook('MATIC/USD', { depth: 10, priceDecimals: 5, qtyDecimals: 8 });
    wrong.applySnapshot(trim(snap));
    expect(wrong.checksum()).toBe(1472384375);
  });
});

describe('OrderBook errors', () => {
  it('rejects unsupported depths, updates before a snapshot, and bad levels with named fields', () => {
    expect(() => new OrderBook('X', { depth: 20 as BookDepth })).toThrow(/depth 20 not supported/);
    const book = new OrderBook('X', { depth: 10 });
    expect(() => book.applyUpdate({ bids: [], asks: [] })).toThrow(/update before any snapshot/);
    expect(() => book.applySnapshot({ bids: [{ price: 'abc', qty: '1' }], asks: [] })).toThrow(OrderBookError);
    expect(() => book.applySnapshot({ bids: [], asks: [{ price: '1', qty: '-1' }] })).toThrow(/X asks\[0\]: qty must not be negative/);
    expect(() => book.applySnapshot({ bids: [{ price: '0', qty: '1' }], asks: [] })).toThrow(/price must be positive/);
    const precise = new OrderBook('X', { depth: 10, priceDecimals: 1 });
    expect(() => precise.applySnapshot({ bids: [{ price: '1.25', qty: '1' }], asks: [] })).toThrow(/more than 1 significant decimals/);
  });

  it('treats "1.50" and "1.5" as the same price level', () => {
    const book = new OrderBook('X', { depth: 10 });
    book.applySnapshot({ bids: [{ price: '1.50', qty: '2' }], asks: [] });
    book.applyUpdate({ bids: [{ price: '1.5', qty: '0.000' }], asks: [] });
    expect(book.bids()).toEqual([]);
  });
});

// ---- property tests -------------------------------------------------------------------

const DEPTHS: BookDepth[] = [10, 25];
const fmtPrice = (ticks: number) => (ticks / 10).toFixed(1);
const fmtQty = (units: number) => (units / 1e8).toFixed(8);

/** Naive reference: a map per side, sorted and truncated from scratch after every message. */
class ReferenceBook {
  bids = new Map<number, string>();
  asks = new Map<number, string>();
  constructor(readonly depth: number) {}
  apply(levels: { side: 'bids' | 'asks'; ticks: number; qty: string }[]): void {
    for (const l of levels) {
      const m = this[l.side];
      if (Number(l.qty) === 0) m.delete(l.ticks);
      else m.set(l.ticks, l.qty);
    }
    for (const side of ['bids', 'asks'] as const) {
      const keep = this.sorted(side).slice(0, this.depth);
      this[side] = new Map(keep.map(([t, q]) => [t, q]));
    }
  }
  sorted(side: 'bids' | 'asks'): [number, string][] {
    return [...this[side]].sort((a, b) => (side === 'asks' ? a[0] - b[0] : b[0] - a[0]));
  }
  levels(side: 'bids' | 'asks') {
    return this.sorted(side).map(([t, q]) => ({ price: fmtPrice(t), qty: q }));
  }
}

const levelArb = fc.record({
  side: fc.constantFrom<'bids' | 'asks'>('bids', 'asks'),
  ticks: fc.integer({ min: 1, max: 80 }),
  qty: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5e8 })).map(fmtQty),
});

function toInput(levels: { side: 'bids' | 'asks'; ticks: number; qty: string }[]): BookLevelsInput {
  const pick = (s: 'bids' | 'asks') => levels.filter((l) => l.side === s).map((l) => ({ price: fmtPrice(l.ticks), qty: l.qty }));
  return { bids: pick('bids'), asks: pick('asks') };
}

describe('OrderBook properties', () => {
  it('matches a sorted-map reference model for arbitrary update sequences', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DEPTHS),
        fc.array(levelArb, { maxLength: 60 }),
        fc.array(fc.array(levelArb, { maxLength: 8 }), { maxLength: 40 }),
        (depth, snapshot, updates) => {
          const book = new OrderBook('P', { depth });
          const ref = new ReferenceBook(depth);
          const snapLevels = snapshot.filter((l) => Number(l.qty) !== 0);
          book.applySnapshot(toInput(snapLevels));
          ref.apply(snapLevels);
          for (const u of updates) {
            book.applyUpdate(toInput(u));
            ref.apply(u);
            expect(book.bids()).toEqual(ref.levels('bids'));
            expect(book.asks()).toEqual(ref.levels('asks'));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  /**
   * Simulates the server: a full (unbounded) book that moves through uncrossed states, and
   * messages built the way Kraken builds them: changed levels inside the visible depth,
   * deletes for levels that vanished, inserts for levels that newly became visible, and no
   * deletes for levels that merely fell out of range.
   */
  it('stays equal to the server top-N, uncrossed, with matching checksums, for valid server-generated sequences', () => {
    type Op = { mid: number; changes: { ticks: number; qty: number }[] };
    const opArb = fc.record({
      mid: fc.integer({ min: 20, max: 60 }),
      changes: fc.array(fc.record({ ticks: fc.integer({ min: 1, max: 80 }), qty: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1e6 })) }), { maxLength: 10 }),
    });
    fc.assert(
      fc.property(fc.constantFrom(...DEPTHS), fc.integer({ min: 20, max: 60 }), fc.array(opArb, { minLength: 1, maxLength: 30 }), (depth, mid0, ops: Op[]) => {
        let full = new Map<number, number>(); // ticks -> qty units; side decided by mid
        let mid = mid0;
        for (let t = 1; t <= 80; t++) if (t % 3 !== 0) full.set(t, t * 1000);
        const sideOf = (t: number, m: number) => (t < m ? 'bids' : 'asks');
        const visible = (state: Map<number, number>, m: number) => {
          const bids = [...state].filter(([t]) => t < m).sort((a, b) => b[0] - a[0]).slice(0, depth);
          const asks = [...state].filter(([t]) => t >= m).sort((a, b) => a[0] - b[0]).slice(0, depth);
          return { bids, asks };
        };
        const render = (levels: [number, number][]) => levels.map(([t, q]) => ({ price: fmtPrice(t), qty: fmtQty(q) }));

        const book = new OrderBook('P', { depth });
        const v0 = visible(full, mid);
        book.applySnapshot({ bids: render(v0.bids), asks: render(v0.asks) });

        for (const op of ops) {
          const before = visible(full, mid);
          const next = new Map(full);
          for (const c of op.changes) {
            if (c.qty === 0) next.delete(c.ticks);
            else next.set(c.ticks, c.qty);
          }
          // Moving the mid: levels on the wrong side of the new mid are taken out (matched).
          const newMid = op.mid;
          for (const t of [...next.keys()]) if (sideOf(t, mid) !== sideOf(t, newMid)) next.delete(t);
          const after = visible(next, newMid);
          const msg: { bids: { price: string; qty: string }[]; asks: { price: string; qty: string }[] } = { bids: [], asks: [] };
          for (const side of ['bids', 'asks'] as const) {
            const wasVisible = new Map(before[side]);
            const nowVisible = new Map(after[side]);
            for (const [t] of wasVisible) {
              if (!next.has(t) || sideOf(t, newMid) !== side) msg[side].push({ price: fmtPrice(t), qty: fmtQty(0) });
            }
            for (const [t, q] of nowVisible) if (wasVisible.get(t) !== q) msg[side].push({ price: fmtPrice(t), qty: fmtQty(q) });
          }
          // A level that changed side shows up as a delete on one side and an insert on the other.
          full = next;
          mid = newMid;
          book.applyUpdate(msg);
          expect(book.bids()).toEqual(render(after.bids));
          expect(book.asks()).toEqual(render(after.asks));
          expect(book.isCrossed()).toBe(false);
          expect(book.checksum()).toBe(bookChecksum(render(after.asks), render(after.bids)));
        }
      }),
      { numRuns: 200 },
    );
  });
});
