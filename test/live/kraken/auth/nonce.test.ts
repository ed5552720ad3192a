import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NONCE_FORMAT, NonceSource, epochMicrosClock, nonceStatePath, sharedNonceSource } from '../../../../src/live/kraken/auth/nonce.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kraken-nonce-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A settable clock in epoch microseconds. */
function fakeClock(start: bigint) {
  let now = start;
  return { clock: () => now, set: (v: bigint) => (now = v) };
}

describe('NonceSource', () => {
  it('follows the clock in epoch microseconds while the clock moves forward', () => {
    const c = fakeClock(1_700_000_000_000_000n);
    const src = new NonceSource({ clock: c.clock });
    expect(src.next()).toBe('1700000000000000');
    c.set(1_700_000_000_000_500n);
    expect(src.next()).toBe('1700000000000500');
  });

  it('stays strictly increasing when the clock stalls or goes back', () => {
    const c = fakeClock(1_000n);
    const src = new NonceSource({ clock: c.clock });
    expect([src.next(), src.next(), src.next()]).toEqual(['1000', '1001', '1002']);
    c.set(10n);
    expect(src.next()).toBe('1003');
  });

  let run = 0;
  it('property: any clock sequence yields strictly increasing nonces, also across restarts', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 16n }), fc.boolean()), { minLength: 1, maxLength: 60 }), (steps) => {
        const file = join(dir, `p-${++run}.json`);
        let now = 0n;
        let src = new NonceSource({ stateFile: file, clock: () => now });
        let prev = -1n;
        for (const [t, restart] of steps) {
          now = t;
          if (restart) src = new NonceSource({ stateFile: file, clock: () => now });
          const n = BigInt(src.next());
          expect(n).toBeGreaterThan(prev);
          prev = n;
        }
      }),
      { numRuns: 40 },
    );
  });

  it('survives a restart with the clock set back: the persisted nonce wins', () => {
    const file = join(dir, 'state.json');
    const c1 = fakeClock(1_700_000_000_000_000n);
    const first = new NonceSource({ stateFile: file, clock: c1.clock });
    const issued = [first.next(), first.next(), first.next()].map(BigInt);

    // "Restart": new object, same file, clock one hour earlier.
    const c2 = fakeClock(1_700_000_000_000_000n - 3_600_000_000n);
    const second = new NonceSource({ stateFile: file, clock: c2.clock });
    expect(second.last).toBe(issued[2]);
    expect(BigInt(second.next())).toBe(issued[2] + 1n);

    const state = JSON.parse(readFileSync(file, 'utf8'));
    expect(state).toEqual({ format: NONCE_FORMAT, last: String(issued[2] + 1n) });
    // The temp file was renamed away (atomic write), nothing else left behind.
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('is strictly increasing across many concurrent async callers', async () => {
    const src = new NonceSource({ stateFile: join(dir, 's.json'), clock: () => 5n });
    const got = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        for (let k = 0; k < i % 7; k++) await Promise.resolve(); // interleave callers
        return src.next();
      }),
    );
    expect(new Set(got).size).toBe(200);
    const inIssueOrder = got.map(BigInt).sort((a, b) => (a < b ? -1 : 1));
    expect(inIssueOrder[0]).toBe(5n);
    expect(inIssueOrder[199]).toBe(204n);
  });

  it.each([
    ['not JSON', '{oops', /not valid JSON/],
    ['wrong format', JSON.stringify({ format: 'epoch-milliseconds', last: '1' }), /format "epoch-milliseconds"/],
    ['bad last', JSON.stringify({ format: NONCE_FORMAT, last: 12 }), /field "last"/],
  ])('refuses a state file that is %s, naming the file', (_name, content, pattern) => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, content);
    expect(() => new NonceSource({ stateFile: file })).toThrow(pattern);
    expect(() => new NonceSource({ stateFile: file })).toThrow(file);
  });

  it('default clock is epoch-anchored (close to Date.now) and monotonic', () => {
    const clock = epochMicrosClock();
    const a = clock();
    const b = clock();
    expect(b).toBeGreaterThanOrEqual(a);
    const diffMs = Number(a / 1000n) - Date.now();
    expect(Math.abs(diffMs)).toBeLessThan(60_000);
  });
});

describe('sharedNonceSource', () => {
  it('returns one generator per key and names the file by a hash of the key, not the key', () => {
    const a = sharedNonceSource('KEY-A-123456789', dir);
    expect(sharedNonceSource('KEY-A-123456789', dir)).toBe(a);
    expect(sharedNonceSource('KEY-B-123456789', dir)).not.toBe(a);
    a.next();
    const path = nonceStatePath(dir, 'KEY-A-123456789');
    expect(existsSync(path)).toBe(true);
    expect(path).not.toContain('KEY-A');
  });
});
