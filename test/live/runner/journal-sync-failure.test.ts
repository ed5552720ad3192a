/**
 * The fault path of group commit on the runner: when a batch's fdatasync fails, the session
 * cannot journal anything more. The runner says so once (onFatal, log, health), stops itself,
 * and the journal it leaves replays: a restart continues from what is on disk.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJournalText } from '../../../src/core/journal/journal-text.ts';
import { failingFdatasync } from '../journal/failing-fdatasync.ts';
import { advanceHour, startRunner } from './in-process.ts';
import { session, startSim, tempDir, waitFor } from './helpers.ts';
import { useTeardown } from './teardown.ts';

describe('live runner, a failed journal fdatasync', () => {
  const defer = useTeardown();

  it('reports it once, stops the session, and leaves a journal that resumes', async () => {
    const s = await startSim();
    defer(() => s.sim.close());
    const t = tempDir();
    defer(t.cleanup);
    const journalPath = join(t.dir, 'paper.jsonl');
    const disk = failingFdatasync();
    const fatal: string[] = [];
    const cfg = session();
    const { runner, logLines } = await startRunner(s.sim, cfg, journalPath, { sync: 'group', journalFdatasync: disk.fdatasync, onFatal: (r) => fatal.push(r) });
    defer(() => runner.stop());
    await advanceHour(s.sim, runner, s.lastTrade, 1);
    disk.fail();
    await advanceHour(s.sim, runner, s.lastTrade, 2).catch(() => undefined); // the runner may stop mid-hour
    await waitFor(() => fatal.length > 0, 'the runner reported the journal failure');
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toMatch(/^journal .*paper\.jsonl: an fdatasync failed \(EIO: i\/o error, fdatasync\); \d+ held order command\(s\) were not sent; the session stops/);
    expect(runner.health.lastError).toBe(fatal[0]);
    expect(logLines().some((l) => l.msg === 'journal not durable: stopping')).toBe(true);

    // What was written still parses and resumes (a new runner with a working disk continues it).
    await runner.stop();
    const written = parseJournalText(readFileSync(journalPath, 'utf8')).entries.length;
    expect(written).toBeGreaterThan(0);
    const again = await startRunner(s.sim, cfg, journalPath, { sync: 'group' });
    defer(() => again.runner.stop());
    expect(again.runner.restarted).toBe(true);
    expect(again.runner.session.inputCount).toBeGreaterThanOrEqual(written);
  });
});
