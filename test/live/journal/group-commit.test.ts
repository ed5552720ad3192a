import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJournalText } from '../../../src/core/journal/journal-text.ts';
import { JournalWriter } from '../../../src/live/journal/journal-writer.ts';
import { failingFdatasync } from './failing-fdatasync.ts';
import { session, tempDir } from '../runner/helpers.ts';
import { useTeardown } from '../runner/teardown.ts';

/** Group commit: one fdatasync per batch, and nothing released before its entries are durable. */
describe('JournalWriter, group commit', () => {
  const defer = useTeardown();
  const dir = () => {
    const t = tempDir('group-');
    defer(t.cleanup);
    return t.dir;
  };

  it('holds afterDurable callbacks until the batch is synced, in order, and syncs a batch once', async () => {
    const path = join(dir(), 'j.jsonl');
    const { writer } = JournalWriter.open(path, session(), { sync: 'group' });
    const released: number[] = [];
    for (let t = 1; t <= 20; t++) {
      const n = writer.append({ k: 'tick', time: t });
      writer.afterDurable(() => released.push(n));
    }
    // Written to the OS at once (a killed process keeps it), released only after fdatasync.
    expect(parseJournalText(readFileSync(path, 'utf8')).entries).toHaveLength(20);
    expect(released).toEqual([]);
    expect(writer.isDurable).toBe(false);
    await new Promise<void>((resolve) => writer.afterDurable(resolve));
    expect(released).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(writer.isDurable).toBe(true);
    // Entry 1 started a sync; entries 2..20 arrived while it was in flight and shared one more.
    expect(writer.syncs).toBe(2);
    let now = false;
    writer.afterDurable(() => (now = true));
    expect(now).toBe(true); // nothing pending: runs at once
    writer.close();
  });

  it('close makes pending entries durable and releases their callbacks', () => {
    const path = join(dir(), 'j.jsonl');
    const { writer } = JournalWriter.open(path, session(), { sync: 'group' });
    const released: number[] = [];
    for (let t = 1; t <= 3; t++) {
      const n = writer.append({ k: 'tick', time: t });
      writer.afterDurable(() => released.push(n));
    }
    writer.close();
    expect(released).toEqual([1, 2, 3]);
    expect(JournalWriter.open(path, undefined).existing?.entries.map((e) => e.n)).toEqual([1, 2, 3]);
  });

  it('fsync and write policies release at once (fsync: durable before append returns)', () => {
    for (const sync of ['fsync', 'write'] as const) {
      const { writer } = JournalWriter.open(join(dir(), `${sync}.jsonl`), session(), { sync });
      writer.append({ k: 'tick', time: 1 });
      let ran = false;
      writer.afterDurable(() => (ran = true));
      expect(ran).toBe(true);
      writer.close();
    }
  });

  it('a process killed mid-batch loses no entry it released (and none it wrote)', async () => {
    const path = join(dir(), 'killed.jsonl');
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'group-commit-child.ts'), path], { stdio: ['ignore', 'pipe', 'inherit'] });
    let lastReleased = 0;
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child ended by itself: ${code}`))));
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString('utf8');
        const lines = out.split('\n');
        out = lines.pop()!;
        for (const l of lines) lastReleased = Number(l.split(' ')[1]);
        // Killed while appending: a batch is written and typically not yet synced.
        if (lastReleased >= 2000 && !child.killed) child.kill('SIGKILL');
      });
    });
    const reopened = JournalWriter.open(path, undefined);
    const numbers = reopened.existing!.entries.map((e) => e.n);
    reopened.writer.close();
    expect(lastReleased).toBeGreaterThanOrEqual(2000);
    // Every released entry is there, entries are numbered 1..k without a hole, and entries
    // written after the last release survived the kill too (they were in the OS).
    expect(numbers.length).toBeGreaterThanOrEqual(lastReleased);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
  }, 60_000);
});

describe('JournalWriter, group commit, a failed fdatasync', () => {
  const defer = useTeardown();

  it('sends nothing it held, tells its owner how many, wakes every other waiter, and refuses to journal more', async () => {
    const t = tempDir('group-fail-');
    defer(t.cleanup);
    const disk = failingFdatasync();
    const { writer } = JournalWriter.open(join(t.dir, 'j.jsonl'), session(), { sync: 'group', fdatasync: disk.fdatasync });
    const failures: [string, number][] = [];
    writer.onSyncFailure = (err, held) => failures.push([err.message, held]);
    writer.append({ k: 'tick', time: 1 });
    await new Promise<void>((resolve) => writer.afterDurable(resolve));
    disk.fail();
    const sent: number[] = [];
    for (let time = 2; time <= 4; time++) {
      writer.append({ k: 'tick', time });
      writer.afterDurable(() => sent.push(time));
    }
    const woke = await new Promise<string>((resolve) => writer.afterDurable(() => resolve('sent'), () => resolve('dropped')));
    expect(woke).toBe('dropped'); // a stop waiting for durability is not left hanging
    expect(sent).toEqual([]); // nothing caused by a possibly lost input went out
    expect(failures).toEqual([['EIO: i/o error, fdatasync', 3]]);
    expect(writer.failed).toBe(true);
    expect(() => writer.append({ k: 'tick', time: 5 })).toThrow(/an fdatasync failed \(EIO: i\/o error, fdatasync\); nothing more is journaled or sent/);
    let late = '';
    writer.afterDurable(() => (late = 'sent'), () => (late = 'dropped'));
    expect(late).toBe('dropped');
    writer.close();
  });
});
