import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFixed } from '../../../src/core/decimal/fixed.ts';
import { EventLog } from '../../../src/core/hash/event-log.ts';
import { LineBytes } from '../../../src/core/hash/line-bytes.ts';

const SEED = { seed: 20261203, numRuns: 500 };

function written(f: (w: LineBytes) => void): { text: string; bytes: string; chars: number } {
  const w = new LineBytes();
  f(w);
  return { text: w.text(0, w.n), bytes: Buffer.from(w.bytes.subarray(0, w.n)).toString('hex'), chars: w.chars };
}

function expectSameAs(f: (w: LineBytes) => void, text: string): void {
  const got = written(f);
  expect(got.bytes).toBe(Buffer.from(text, 'utf8').toString('hex'));
  expect(got.chars).toBe(text.length);
}

describe('LineBytes (the event log block as bytes)', () => {
  it('writes a fixed value exactly as formatFixed spells it', () => {
    for (const v of [0n, 1n, -1n, 10n ** 18n, -(10n ** 18n), 5n * 10n ** 17n, 123456789n, 10n ** 40n + 7n]) expectSameAs((w) => w.fixed(v), formatFixed(v));
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), (v) => expectSameAs((w) => w.fixed(v), formatFixed(v))), SEED);
  });

  it('writes numbers as template text does', () => {
    for (const x of [0, -0, 7, 10, 99, 100, 99_999_999, 100_000_000, 100_000_007, 1_000_000_000_000_005, 1733234400000, Number.MAX_SAFE_INTEGER, -5, 1.5, 1e21, NaN]) expectSameAs((w) => w.num(x), `${x}`);
    fc.assert(fc.property(fc.oneof(fc.nat(), fc.maxSafeNat(), fc.integer(), fc.double()), (x) => expectSameAs((w) => w.num(x), `${x}`)), SEED);
  });

  it('writes any string as its UTF-8 bytes and counts UTF-16 units', () => {
    for (const s of ['', 'o12|buy', 'é', 'a€b', '𝄞x', 'x\ud800y']) expectSameAs((w) => w.str(s), s);
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => expectSameAs((w) => w.str(s), s)), SEED);
  });

  it('grows past its first buffer without losing bytes', () => {
    const long = 'x'.repeat(40_000) + 'é';
    expectSameAs((w) => { w.str('a'); w.str(long); w.fixed(-3n); }, 'a' + long + formatFixed(-3n));
  });
});

describe('EventLog lines written part by part', () => {
  it('hash, snapshot and sink exactly like the same text appended', () => {
    const linesA: string[] = [];
    const linesB: string[] = [];
    const a = new EventLog((l) => linesA.push(l));
    const b = new EventLog((l) => linesB.push(l));
    for (let i = 0; i < 300; i++) {
      const text = `${1000 + i}|${i}|fill|o${i}|é${i}|buy|${formatFixed(BigInt(i) * 10n ** 15n)}`;
      a.append(text);
      const w = b.beginLine();
      w.num(1000 + i); w.char(124); w.num(i); w.str('|fill|o'); w.num(i); w.str('|é'); w.num(i); w.str('|buy|'); w.fixed(BigInt(i) * 10n ** 15n);
      b.endLine();
      if (i === 150) expect(b.snapshot()).toEqual(a.snapshot());
    }
    expect(b.hash()).toBe(a.hash());
    expect(linesB).toEqual(linesA);
    const c = new EventLog();
    c.restore(a.snapshot());
    const d = new EventLog();
    d.restore(b.snapshot());
    c.append('next');
    d.append('next');
    expect(d.hash()).toBe(c.hash());
  });
});
