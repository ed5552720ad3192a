import fc from 'fast-check';
import { readFileSync, statSync, writeFileSync, type fdatasync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeEntry, encodeHeader, JOURNAL_FORMAT, JOURNAL_VERSION, type JournalInput } from '../../../src/core/journal/journal-entry.ts';
import { parseJournalText } from '../../../src/core/journal/journal-text.ts';
import { JournalWriter, PREALLOCATE_BYTES } from '../../../src/live/journal/journal-writer.ts';
import { session, tempDir } from '../runner/helpers.ts';
import { useTeardown } from '../runner/teardown.ts';

const tick = (time: number): JournalInput => ({ k: 'tick', time });
const hasNul = (path: string) => readFileSync(path).includes(0);

/** Zeros written ahead of the entries (cheaper fdatasyncs), never read back as entries. */
describe('JournalWriter, preallocated journal', () => {
  const defer = useTeardown();
  const dir = () => {
    const t = tempDir('prealloc-');
    defer(t.cleanup);
    return t.dir;
  };

  it('keeps zeros ahead while open (a crash leaves them), parses through them, and cuts them on close', () => {
    const path = join(dir(), 'j.jsonl');
    const { writer } = JournalWriter.open(path, session(), { sync: 'fsync' });
    for (let t = 1; t <= 5; t++) writer.append(tick(t));
    // What a crash now would leave: the entries, then padding up to the allocated length.
    const open = parseJournalText(readFileSync(path, 'utf8'));
    expect(open.entries.map((e) => e.input)).toEqual([1, 2, 3, 4, 5].map(tick));
    expect(open.padding).toBeGreaterThan(0);
    expect(statSync(path).size).toBe(open.validBytes + open.padding);
    expect(statSync(path).size).toBeGreaterThanOrEqual(PREALLOCATE_BYTES);
    writer.close();
    const closed = parseJournalText(readFileSync(path, 'utf8'));
    expect(closed).toEqual({ ...open, padding: 0 });
    expect(statSync(path).size).toBe(closed.validBytes);
    expect(hasNul(path)).toBe(false);
  });

  it('extends by segments as entries outgrow the zeros ahead', () => {
    const path = join(dir(), 'j.jsonl');
    const { writer } = JournalWriter.open(path, session(), { sync: 'write', preallocate: 1024 });
    const sizes = new Set<number>();
    for (let t = 1; t <= 400; t++) {
      writer.append(tick(t));
      const p = parseJournalText(readFileSync(path, 'utf8'));
      expect(p.entries).toHaveLength(t);
      expect(p.padding).toBeGreaterThan(0);
      expect(statSync(path).size % 1024).toBe(0);
      sizes.add(statSync(path).size);
    }
    expect(sizes.size).toBeGreaterThan(5);
    writer.close();
    expect(hasNul(path)).toBe(false);
    expect(JournalWriter.open(path, undefined, { sync: 'write' }).existing?.entries).toHaveLength(400);
  });

  it('a journal written without padding (the format before it) resumes, and stays plain after close', () => {
    const path = join(dir(), 'old.jsonl');
    const header = encodeHeader({ format: JOURNAL_FORMAT, version: JOURNAL_VERSION, createdAt: 1, session: session() });
    const old = [header, encodeEntry({ n: 1, input: tick(1) }), encodeEntry({ n: 2, input: tick(2) })].join('\n') + '\n';
    writeFileSync(path, old);
    const { writer, existing } = JournalWriter.open(path, undefined, { sync: 'group' });
    expect(existing?.entries.map((e) => e.n)).toEqual([1, 2]);
    writer.append(tick(3));
    writer.close();
    const text = readFileSync(path, 'utf8');
    expect(text).toBe(old + encodeEntry({ n: 3, input: tick(3) }) + '\n');
  });

  it('a crash anywhere in the preallocated region replays a prefix holding every durable entry and nothing of the padding', () => {
    // Build once: a journal with small segments, left open (as a crash finds it).
    const path = join(dir(), 'crashed.jsonl');
    const { writer } = JournalWriter.open(path, session(), { sync: 'write', preallocate: 512 });
    const inputs = Array.from({ length: 40 }, (_, i) => tick(i + 1));
    for (const i of inputs) writer.append(i);
    const raw = readFileSync(path);
    writer.close();
    const ends: number[] = []; // byte offset where entry k's line ends (ends[0]: the header's)
    for (let i = 0; i < raw.length && raw[i] !== 0; i++) if (raw[i] === 0x0a) ends.push(i + 1);
    expect(ends).toHaveLength(inputs.length + 1);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: inputs.length }), // entries made durable before the crash
        fc.integer({ min: 0, max: 10_000 }), // where the first unwritten byte falls after them
        fc.integer({ min: 1, max: 600 }), // how long that hole is (later writes may have landed)
        (durable, at, holeLength) => {
          const start = ends[durable] + (at % (raw.length - ends[durable]));
          const disk = Buffer.from(raw);
          disk.fill(0, start, Math.min(raw.length, start + holeLength));
          const p = join(dir(), 'copy.jsonl');
          writeFileSync(p, disk);
          const survived = ends.filter((e, k) => k > 0 && e <= start).length;
          const reopened = JournalWriter.open(p, undefined, { sync: 'write', preallocate: 512 });
          expect(reopened.existing!.entries.map((e) => e.input)).toEqual(inputs.slice(0, survived));
          expect(survived).toBeGreaterThanOrEqual(durable);
          reopened.writer.append(tick(1000));
          reopened.writer.close();
          const after = parseJournalText(readFileSync(p, 'utf8'));
          expect(after.entries.map((e) => e.input)).toEqual([...inputs.slice(0, survived), tick(1000)]);
          expect(hasNul(p)).toBe(false);
        },
      ),
      { seed: 14, numRuns: 200 },
    );
  });
});

/** Group commit with two fdatasyncs in flight: an entry waits for one that began after it, not for the one before. */
describe('JournalWriter, group commit, pipelined syncs', () => {
  const defer = useTeardown();

  function heldFdatasync() {
    const calls: ((err: NodeJS.ErrnoException | null) => void)[] = [];
    const fake = ((_fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => calls.push(cb)) as unknown as typeof fdatasync;
    return { fdatasync: fake, calls };
  }
  const tickOver = () => new Promise<void>((r) => setImmediate(r));

  it('releases an entry when a sync started after it completes, even while an older one is in flight; at most two in flight', async () => {
    const t = tempDir('pipe-');
    defer(t.cleanup);
    const disk = heldFdatasync();
    const { writer } = JournalWriter.open(join(t.dir, 'j.jsonl'), session(), { sync: 'group', fdatasync: disk.fdatasync, preallocate: 0 });
    const released: number[] = [];
    const add = (time: number) => {
      const n = writer.append(tick(time));
      writer.afterDurable(() => released.push(n));
    };
    add(1);
    await tickOver();
    expect(disk.calls).toHaveLength(1); // sync A covers entry 1
    add(2);
    await tickOver();
    expect(disk.calls).toHaveLength(2); // sync B covers 1..2, started while A is in flight
    add(3);
    await tickOver();
    expect(disk.calls).toHaveLength(2); // two in flight: entry 3 waits for the next one
    disk.calls[1](null); // B done: entries 1 and 2 are durable although A is not done
    expect(released).toEqual([1, 2]);
    expect(disk.calls).toHaveLength(3); // and C starts at once for entry 3
    disk.calls[0](null); // A done: covers nothing new
    expect(released).toEqual([1, 2]);
    disk.calls[2](null);
    expect(released).toEqual([1, 2, 3]);
    expect(writer.syncs).toBe(3);
    writer.close();
  });

  it('a failed sync after a later one succeeded drops only what still waits, once, and refuses more', async () => {
    const t = tempDir('pipe-fail-');
    defer(t.cleanup);
    const disk = heldFdatasync();
    const { writer } = JournalWriter.open(join(t.dir, 'j.jsonl'), session(), { sync: 'group', fdatasync: disk.fdatasync, preallocate: 0 });
    const failures: [string, number][] = [];
    writer.onSyncFailure = (err, held) => failures.push([err.message, held]);
    const released: number[] = [];
    const dropped: number[] = [];
    const add = (time: number) => {
      const n = writer.append(tick(time));
      writer.afterDurable(() => released.push(n), time === 3 ? () => dropped.push(n) : undefined);
    };
    add(1);
    await tickOver();
    add(2);
    await tickOver();
    add(3);
    await tickOver();
    disk.calls[1](null);
    expect(released).toEqual([1, 2]);
    const eio = Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
    disk.calls[0](eio); // the older sync failed: entry 3 (covered by neither completed sync) never goes out
    disk.calls[2](eio); // and a second failure reports nothing twice
    expect(released).toEqual([1, 2]);
    expect(dropped).toEqual([3]);
    expect(failures).toEqual([['EIO: i/o error, fdatasync', 0]]);
    expect(() => writer.append(tick(4))).toThrow(/an fdatasync failed/);
    writer.close();
  });
});
