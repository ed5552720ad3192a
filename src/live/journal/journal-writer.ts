import { closeSync, existsSync, fdatasyncSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { encodeEntry, encodeHeader, JOURNAL_FORMAT, JOURNAL_VERSION, type JournalHeader, type JournalInput } from '../../core/journal/journal-entry.ts';
import { parseJournalText, type ParsedJournal } from '../../core/journal/journal-text.ts';
import type { SessionConfig } from '../../core/journal/session-config.ts';

export type SyncPolicy = 'fsync' | 'write';

export interface OpenedJournal {
  readonly writer: JournalWriter;
  /** The journal as found on disk (undefined when it was created now). */
  readonly existing: ParsedJournal | undefined;
  readonly header: JournalHeader;
  /** What was set aside on the way (a start that never completed); one line each, for the log. */
  readonly notes: readonly string[];
}

/** Where a new session's journal is written until its start completes. */
export const startingPath = (path: string): string => `${path}.starting`;

/**
 * The durable journal of a live session: every kernel input is appended here, and written
 * through to the disk (fdatasync) before the kernel sees it. A crash can only lose the entry
 * being written, which the kernel never processed; that torn tail is cut off on reopen.
 *
 * `sync: 'write'` skips the fdatasync (the entry still reaches the OS before processing, so
 * it survives a killed process but not a power cut); for benchmarks and tests on slow disks.
 */
export class JournalWriter {
  private next: number;
  private closed = false;
  appended = 0;

  private constructor(readonly path: string, private readonly fd: number, nextN: number, readonly sync: SyncPolicy, private pendingPath?: string) {
    this.next = nextN;
  }

  /** True while a new journal still lives at its `.starting` path (its start has not completed). */
  get pending(): boolean {
    return this.pendingPath !== undefined;
  }

  /**
   * A new session's start completed: its journal moves from `<path>.starting` to `<path>`
   * (atomic rename, directory synced), so from now on a restart resumes it. Until then a
   * crashed or failed start leaves nothing that a later start would resume.
   */
  commit(): void {
    if (!this.pendingPath) return;
    fdatasyncSync(this.fd);
    renameSync(this.pendingPath, this.path);
    syncDir(dirname(this.path));
    this.pendingPath = undefined;
  }

  /** A start failed: the unfinished journal is removed. */
  discard(): void {
    this.close();
    if (this.pendingPath) rmSync(this.pendingPath, { force: true });
    this.pendingPath = undefined;
  }

  /**
   * Opens an existing journal (parsing it, dropping a torn tail) or creates it with `session`.
   * With `transactional`, a new journal is written at `<path>.starting` until `commit()`; a
   * leftover `.starting` file (a start killed half way) is deleted, and an existing journal
   * without a `start` entry (a start that failed before this rule) is set aside as
   * `<path>.incomplete-<time>` instead of being resumed.
   */
  static open(path: string, session: SessionConfig | undefined, opts: { sync?: SyncPolicy; now?: () => number; transactional?: boolean } = {}): OpenedJournal {
    const sync = opts.sync ?? 'fsync';
    const now = opts.now ?? Date.now;
    const notes: string[] = [];
    if (opts.transactional) {
      const pending = startingPath(path);
      if (existsSync(pending)) {
        rmSync(pending, { force: true });
        notes.push(`removed ${pending}: a start that never completed (nothing was traded from it)`);
      }
      if (existsSync(path) && !hasStartEntry(path)) {
        const aside = `${path}.incomplete-${now()}`;
        renameSync(path, aside);
        notes.push(`moved ${path} to ${aside}: its start never completed, so it is not resumed`);
      }
    }
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      const parsed = parseJournalText(text, path);
      const fd = openSync(path, 'r+');
      if (parsed.tornTail > 0) {
        ftruncateSync(fd, parsed.validBytes);
        fdatasyncSync(fd);
      }
      closeSync(fd);
      const afd = openSync(path, 'a');
      return { writer: new JournalWriter(path, afd, parsed.entries.length + 1, sync), existing: parsed, header: parsed.header, notes };
    }
    if (!session) throw new Error(`journal ${path} does not exist and no session config was given to create it`);
    mkdirSync(dirname(path), { recursive: true });
    const header: JournalHeader = { format: JOURNAL_FORMAT, version: JOURNAL_VERSION, createdAt: now(), session };
    const target = opts.transactional ? startingPath(path) : path;
    const fd = openSync(target, 'wx');
    writeSync(fd, encodeHeader(header) + '\n');
    fdatasyncSync(fd);
    return { writer: new JournalWriter(path, fd, 1, sync, opts.transactional ? target : undefined), existing: undefined, header, notes };
  }

  /** Number the next entry will get. */
  get nextNumber(): number {
    return this.next;
  }

  /** Appends one input and makes it durable; returns its entry number. */
  append(input: JournalInput): number {
    if (this.closed) throw new Error(`journal ${this.path} is closed`);
    const n = this.next;
    const line = encodeEntry({ n, input }) + '\n';
    writeSync(this.fd, line);
    if (this.sync === 'fsync') fdatasyncSync(this.fd);
    this.next = n + 1;
    this.appended++;
    return n;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/** Does the journal at `path` hold a `start` entry (a session that began trading)? A torn or bad journal counts as started: it is for the parser to judge. */
function hasStartEntry(path: string): boolean {
  const text = readFileSync(path, 'utf8');
  return !/^\{"n":\d+,"k":"start"/m.test(text) ? !isHeaderOnlyOrWarmup(text) : true;
}

/** A journal whose entries are only what a start writes before trading (deposits, warm-up, modes). */
function isHeaderOnlyOrWarmup(text: string): boolean {
  try {
    return parseJournalText(text).entries.every((e) => e.input.k === 'deposit' || e.input.k === 'candle' || e.input.k === 'mode' || e.input.k === 'refused');
  } catch {
    return false;
  }
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems refuse to fsync a directory; the rename is still atomic.
  }
}
