import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeEntry, encodeHeader, JOURNAL_FORMAT, JOURNAL_VERSION } from '../../../src/core/journal/journal-entry.ts';
import { parseJournalText } from '../../../src/core/journal/journal-text.ts';
import { JournalWriter, startingPath } from '../../../src/live/journal/journal-writer.ts';
import { session, tempDir } from '../runner/helpers.ts';
import { useTeardown } from '../runner/teardown.ts';

/** A new session's journal becomes resumable only once its start completed (commit). */
describe('JournalWriter, transactional start', () => {
  const defer = useTeardown();
  const dir = () => {
    const t = tempDir('writer-');
    defer(t.cleanup);
    return t.dir;
  };

  it('writes a new journal at <path>.starting and moves it into place on commit', () => {
    const path = join(dir(), 'j.jsonl');
    const { writer, existing } = JournalWriter.open(path, session(), { transactional: true, sync: 'write' });
    expect(existing).toBeUndefined();
    writer.append({ k: 'start', time: 1 });
    expect(existsSync(path)).toBe(false);
    expect(existsSync(startingPath(path))).toBe(true);
    writer.commit();
    writer.append({ k: 'tick', time: 2 });
    writer.close();
    expect(existsSync(startingPath(path))).toBe(false);
    expect(parseJournalText(readFileSync(path, 'utf8')).entries.map((e) => e.input.k)).toEqual(['start', 'tick']);
    expect(JournalWriter.open(path, session(), { transactional: true }).existing?.entries).toHaveLength(2);
  });

  it('a failed start (discard) or a killed one (a leftover .starting) leaves nothing to resume', () => {
    const d = dir();
    const path = join(d, 'j.jsonl');
    const a = JournalWriter.open(path, session(), { transactional: true });
    a.writer.append({ k: 'deposit', time: 1, asset: 'USD', amount: 10n });
    a.writer.discard();
    expect(readdirSync(d)).toEqual([]);
    JournalWriter.open(path, session(), { transactional: true }).writer.append({ k: 'start', time: 1 }); // killed before commit
    const b = JournalWriter.open(path, session({ cash: '500' }), { transactional: true });
    expect(b.existing).toBeUndefined();
    expect(b.header.session.cash).toBe('500');
    expect(b.notes.join()).toMatch(/removed .*j\.jsonl\.starting: a start that never completed/);
  });

  it('sets aside a journal whose start never completed (header only, or warm-up only) instead of resuming it', () => {
    const d = dir();
    const path = join(d, 'j.jsonl');
    const header = encodeHeader({ format: JOURNAL_FORMAT, version: JOURNAL_VERSION, createdAt: 1, session: session() });
    writeFileSync(path, `${header}\n${encodeEntry({ n: 1, input: { k: 'mode', time: 1, mode: 'halted', reason: 'warm-up' } })}\n`);
    const o = JournalWriter.open(path, session({ cash: '777' }), { transactional: true, now: () => 42 });
    expect(o.existing).toBeUndefined();
    expect(o.header.session.cash).toBe('777');
    expect(existsSync(`${path}.incomplete-42`)).toBe(true);
    expect(o.notes.join()).toMatch(/its start never completed, so it is not resumed/);
  });
});
