import type { fdatasync } from 'node:fs';
import { fstatSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JournalInput } from '../../../src/core/journal/journal-entry.ts';
import { JournalWriter, MAX_SYNCS_IN_FLIGHT } from '../../../src/live/journal/journal-writer.ts';
import { session, tempDir } from '../runner/helpers.ts';
import { useTeardown } from '../runner/teardown.ts';

const tick = (time: number): JournalInput => ({ k: 'tick', time });

/** Group commit with several fdatasyncs in flight: an entry waits for one that began after it, not for those before. */
describe('JournalWriter, group commit, pipelined syncs', () => {
  const defer = useTeardown();

  function heldFdatasync() {
    const calls: ((err: NodeJS.ErrnoException | null) => void)[] = [];
    const fake = ((_fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => calls.push(cb)) as unknown as typeof fdatasync;
    return { fdatasync: fake, calls };
  }
  const tickOver = () => new Promise<void>((r) => setImmediate(r));

  it('releases an entry when a sync started after it completes, even while older ones are in flight; at most MAX_SYNCS_IN_FLIGHT', async () => {
    expect(MAX_SYNCS_IN_FLIGHT).toBe(3);
    const t = tempDir('pipe-');
    defer(t.cleanup);
    const disk = heldFdatasync();
    const { writer } = JournalWriter.open(join(t.dir, 'j.jsonl'), session(), { sync: 'group', fdatasync: disk.fdatasync });
    const released: number[] = [];
    const add = async (time: number) => {
      const n = writer.append(tick(time));
      writer.afterDurable(() => released.push(n));
      await tickOver();
    };
    await add(1);
    expect(disk.calls).toHaveLength(1); // sync A covers entry 1
    await add(2);
    expect(disk.calls).toHaveLength(2); // sync B covers 1..2, started while A is in flight
    await add(3);
    expect(disk.calls).toHaveLength(3); // sync C covers 1..3
    await add(4);
    expect(disk.calls).toHaveLength(3); // three in flight: entry 4 waits for the next one
    disk.calls[1](null); // B done: entries 1 and 2 are durable although A is not done
    expect(released).toEqual([1, 2]);
    expect(disk.calls).toHaveLength(4); // and D starts at once for entry 4
    disk.calls[0](null); // A done: covers nothing new
    expect(released).toEqual([1, 2]);
    disk.calls[3](null); // D done before C: covers 3 and 4
    expect(released).toEqual([1, 2, 3, 4]);
    disk.calls[2](null);
    expect(released).toEqual([1, 2, 3, 4]);
    expect(writer.syncs).toBe(4);
    writer.close();
  });

  it('a failed sync after a later one succeeded drops only what still waits, once, and refuses more', async () => {
    const t = tempDir('pipe-fail-');
    defer(t.cleanup);
    const disk = heldFdatasync();
    const { writer } = JournalWriter.open(join(t.dir, 'j.jsonl'), session(), { sync: 'group', fdatasync: disk.fdatasync });
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

  it('gives every sync in flight its own descriptor of the journal file (a writeback error reaches each of them)', async () => {
    const t = tempDir('pipe-fd-');
    defer(t.cleanup);
    const fds: number[] = [];
    const calls: ((err: NodeJS.ErrnoException | null) => void)[] = [];
    const fake = ((fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
      fds.push(fd);
      calls.push(cb);
    }) as unknown as typeof fdatasync;
    const path = join(t.dir, 'j.jsonl');
    const { writer } = JournalWriter.open(path, session(), { sync: 'group', fdatasync: fake });
    for (let i = 1; i <= MAX_SYNCS_IN_FLIGHT; i++) {
      writer.append(tick(i));
      await tickOver();
    }
    expect(fds).toHaveLength(MAX_SYNCS_IN_FLIGHT);
    expect(new Set(fds).size).toBe(MAX_SYNCS_IN_FLIGHT); // no two in flight share one
    const inode = statSync(path).ino;
    for (const fd of fds) expect(fstatSync(fd).ino).toBe(inode);
    calls[0](null); // the first slot is free again: the next sync reuses its descriptor
    writer.append(tick(9));
    await tickOver();
    expect(fds[MAX_SYNCS_IN_FLIGHT]).toBe(fds[0]);
    for (const cb of calls.slice(1)) cb(null);
    calls[MAX_SYNCS_IN_FLIGHT](null);
    writer.close();
    expect(() => fstatSync(fds[0])).toThrow(); // closed with the writer
  });
});
