import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bookChecksum, checksumDigits, type LevelText } from '../../../../src/live/sim/book/book-checksum.ts';
import { FIXTURES } from '../helpers.ts';

/** Extracts book frames keeping each price/qty as the exact text on the wire (JSON.parse would drop zeros). */
function frames(file: string): { type: string; bids: LevelText[]; asks: LevelText[]; checksum: number }[] {
  const text = readFileSync(`${FIXTURES}/${file}`, 'utf8');
  const docs = file.endsWith('.jsonl') ? text.split('\n').filter(Boolean) : [text];
  return docs.map((d) => {
    const levels = (side: string) => {
      const m = new RegExp(`"${side}"\\s*:\\s*\\[([^\\]]*)\\]`).exec(d);
      return [...(m?.[1] ?? '').matchAll(/"price"\s*:\s*([0-9.]+)\s*,\s*"qty"\s*:\s*([0-9.]+)/g)].map((x) => ({ price: x[1], qty: x[2] }));
    };
    return { type: /"type"\s*:\s*"(\w+)"/.exec(d)?.[1] ?? '', bids: levels('bids'), asks: levels('asks'), checksum: Number(/"checksum"\s*:\s*(\d+)/.exec(d)?.[1]) };
  });
}

/** A minimal client-side book: apply levels in order, delete qty 0, truncate to depth, best first. */
function applyAll(files: string[]): { expected: number; got: number }[] {
  let bids = new Map<string, string>();
  let asks = new Map<string, string>();
  const out: { expected: number; got: number }[] = [];
  for (const f of files.flatMap(frames)) {
    if (f.type === 'snapshot') {
      bids = new Map();
      asks = new Map();
    }
    for (const [side, book] of [[f.bids, bids], [f.asks, asks]] as const) {
      for (const l of side) {
        if (Number(l.qty) === 0) book.delete(l.price);
        else book.set(l.price, l.qty);
      }
    }
    const sorted = (m: Map<string, string>, desc: boolean) =>
      [...m].map(([price, qty]) => ({ price, qty })).sort((a, b) => (desc ? Number(b.price) - Number(a.price) : Number(a.price) - Number(b.price))).slice(0, 10);
    const b = sorted(bids, true);
    const a = sorted(asks, false);
    bids = new Map(b.map((l) => [l.price, l.qty]));
    asks = new Map(a.map((l) => [l.price, l.qty]));
    out.push({ expected: f.checksum, got: bookChecksum(a, b) });
  }
  return out;
}

describe('bookChecksum', () => {
  it.each([
    ['0.00100000', '100000'],
    ['45285.2', '452852'],
    ['0.05000', '5000'],
    ['4.00000000', '400000000'],
  ])('digits of %s are %s', (text, digits) => {
    expect(checksumDigits(text)).toBe(digits);
  });

  it.each([
    [['ws-v2-book-checksum-docs-example.json']],
    [['ws-v2-book-snapshot.json', 'ws-v2-book-update.json']],
    [['ws-v2-book-docs-matic-snapshot.json', 'ws-v2-book-docs-matic-update.json']],
    [['ws-v2-book-sequence.jsonl']],
  ])('reproduces every checksum of %j', (files) => {
    const results = applyAll(files);
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) expect(r.got).toBe(r.expected);
  });

  it('depends on the exact digits (MATIC prices with 5 decimals give another CRC)', () => {
    const [snap] = frames('ws-v2-book-docs-matic-snapshot.json');
    const widened = (ls: LevelText[]) => ls.map((l) => ({ price: `${l.price}0`, qty: l.qty }));
    expect(bookChecksum(widened(snap.asks), widened(snap.bids))).toBe(1472384375);
  });
});
