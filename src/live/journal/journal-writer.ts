import { closeSync, existsSync, fdatasync, fdatasyncSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { encodeEntry, encodeHeader, JOURNAL_FORMAT, JOURNAL_VERSION, type JournalHeader, type JournalInput } from '../../core/journal/journal-entry.ts';
import { parseJournalText, type ParsedJournal } from '../../core/journal/journal-text.ts';
import type { SessionConfig } from '../../core/journal/session-config.ts';

export type SyncPolicy = 'fsync' | 'group' | 'write';

/**
 * Group commit: fdatasyncs in flight at once. An fdatasync makes durable every byte written
 * before it began, whatever another one in flight does, so an entry appended while one is in
 * flight gets its own at once instead of waiting for that one to finish first. (f) bench,
 * alternating runs: p99 14.9 / 14.5 / 21.6 ms with one in flight, 6.0 / 8.0 / 10.5 with two,
 * then 5.2 / 4.9 with three vs 7.7 / 9.0 with two. Three of libuv's four pool threads at most,
 * so other file work still gets one.
 */
export const MAX_SYNCS_IN_FLIGHT = 3;

/**
 * Descriptors of the journal file for the syncs in flight, one each, opened with the writer
 * (before anything it appends). Linux reports a writeback error once per open file
 * description, to the first fsync that checks for it after the error: two fdatasyncs racing
 * on one descriptor could let the one that did not see the error report success for entries
 * that never reached the disk. Each descriptor samples the error state when it is opened and
 * sees every later error on its own next sync, so every sync in flight reports a failure.
 */
function openSyncDescriptors(file: string, sync: SyncPolicy): number[] {
  return sync === 'group' ? Array.from({ length: MAX_SYNCS_IN_FLIGHT }, () => openSync(file, 'r')) : [];
}

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
 * The durable journal of a live session: every kernel input is appended here before the
 * kernel sees it. Three policies:
 *
 * - `fsync`: each entry is written and fdatasynced before `append` returns (the kernel sees
 *   only durable inputs). One fdatasync per input, on the event loop.
 * - `group` (group commit): each entry is written to the OS before `append` returns (so it
 *   survives a killed process), and made durable by an fdatasync in libuv's thread pool; the
 *   entries appended while one is in flight share the next one. The rule: **nothing an input
 *   causes leaves the process before that input is durable** — outbound commands go through
 *   `afterDurable`, which holds them until every entry appended so far is on disk. A power cut
 *   can lose entries that were not yet durable, but then nothing they caused was sent, so the
 *   replayed journal still explains everything the venue saw (reconciliation covers the rest).
 * - `write`: written, never synced (survives a killed process, not a power cut); benchmarks
 *   and tests on slow disks.
 *
 * A crash can lose only the entry being written, which the kernel never processed; that torn
 * tail is cut off on reopen.
 */
export class JournalWriter {
  private next: number;
  private closed = false;
  appended = 0;
  /** Group commit: entries written so far / known durable (entry numbers), and who waits for them. */
  private written: number;
  private durable: number;
  /** Group commit: fdatasyncs in flight, the highest entry any of them covers, and whether one is due at the end of this tick. */
  private syncing = 0;
  private requested: number;
  private syncQueued = false;
  /** Group commit: which of `syncFds` has a sync in flight. */
  private readonly syncBusy: boolean[];
  private closeAfterSync = false;
  private syncError: Error | undefined;
  private readonly waiting: { upTo: number; run: () => void; dropped?: () => void }[] = [];
  /**
   * Group commit: called once when a batch's fdatasync fails, with how many held commands will
   * never go out. The session cannot journal anything more, so its owner must stop it; a restart
   * replays what is durable and reconciliation settles the orders that were never sent.
   */
  onSyncFailure: ((err: Error, held: number) => void) | undefined;
  /** Group commit: fdatasync calls made (one per batch), for benchmarks and tests. */
  syncs = 0;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    nextN: number,
    readonly sync: SyncPolicy,
    private pendingPath: string | undefined,
    private readonly asyncSync: typeof fdatasync,
    private readonly syncFds: readonly number[],
  ) {
    this.syncBusy = syncFds.map(() => false);
    this.next = nextN;
    this.written = nextN - 1;
    this.durable = nextN - 1;
    this.requested = nextN - 1;
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
    this.flushSync();
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
  static open(path: string, session: SessionConfig | undefined, opts: { sync?: SyncPolicy; now?: () => number; transactional?: boolean; /** Group commit's background fdatasync (fault tests inject a failing one). */ fdatasync?: typeof fdatasync } = {}): OpenedJournal {
    const sync = opts.sync ?? 'fsync';
    const asyncSync = opts.fdatasync ?? fdatasync;
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
      return { writer: new JournalWriter(path, afd, parsed.entries.length + 1, sync, undefined, asyncSync, openSyncDescriptors(path, sync)), existing: parsed, header: parsed.header, notes };
    }
    if (!session) throw new Error(`journal ${path} does not exist and no session config was given to create it`);
    mkdirSync(dirname(path), { recursive: true });
    const header: JournalHeader = { format: JOURNAL_FORMAT, version: JOURNAL_VERSION, createdAt: now(), session };
    const target = opts.transactional ? startingPath(path) : path;
    const fd = openSync(target, 'wx');
    writeSync(fd, encodeHeader(header) + '\n');
    fdatasyncSync(fd);
    return { writer: new JournalWriter(path, fd, 1, sync, opts.transactional ? target : undefined, asyncSync, openSyncDescriptors(target, sync)), existing: undefined, header, notes };
  }

  /** Number the next entry will get. */
  get nextNumber(): number {
    return this.next;
  }

  /**
   * Appends one input; returns its entry number. Durable on return with `fsync`; with `group`
   * written to the OS on return and durable once the next batch's fdatasync completes (see
   * `afterDurable`).
   */
  append(input: JournalInput): number {
    if (this.closed) throw new Error(`journal ${this.path} is closed`);
    if (this.syncError) throw new Error(`journal ${this.path}: an fdatasync failed (${this.syncError.message}); nothing more is journaled or sent`);
    const n = this.next;
    const line = encodeEntry({ n, input }) + '\n';
    writeSync(this.fd, line);
    if (this.sync === 'fsync') fdatasyncSync(this.fd);
    this.next = n + 1;
    this.written = n;
    if (this.sync !== 'group') this.durable = n;
    this.appended++;
    // With nothing in flight the sync starts now (the lowest latency for this entry); with one
    // in flight, the second starts when this tick's appends are written, so a burst shares it.
    if (this.sync === 'group') {
      if (this.syncing === 0) this.startSync();
      else this.queueSync();
    }
    return n;
  }

  /** True after an fdatasync failed: nothing more is journaled, and held commands never go out. */
  get failed(): boolean {
    return this.syncError !== undefined;
  }

  /** True when every entry appended so far is on disk (always, unless `group` has a batch in flight). */
  get isDurable(): boolean {
    return this.durable >= this.written;
  }

  /**
   * Runs `send` once every entry appended so far is durable: at once when it already is (or
   * the policy is not `group`), else when the fdatasync covering them completes. Callbacks run
   * in the order they were given. After a failed fdatasync `send` never runs: `dropped` runs
   * instead (at once, or when the failing batch completes), so nobody waits forever.
   */
  afterDurable(send: () => void, dropped?: () => void): void {
    if (this.syncError) return dropped?.();
    if (this.durable >= this.written && this.waiting.length === 0) return send();
    this.waiting.push({ upTo: this.written, run: send, dropped });
  }

  private queueSync(): void {
    if (this.syncQueued) return;
    this.syncQueued = true;
    queueMicrotask(() => {
      this.syncQueued = false;
      try {
        this.startSync();
      } catch (err) {
        // An fdatasync that could not even be started is a failed one (no throw escapes a microtask).
        this.fail(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  /**
   * One fdatasync in the thread pool for everything written so far and not yet covered by one
   * in flight, unless MAX_SYNCS_IN_FLIGHT are (then the next batch waits for the first to end).
   */
  private startSync(): void {
    if (this.closed || this.syncing >= MAX_SYNCS_IN_FLIGHT || this.requested >= this.written || this.syncError) return;
    const slot = this.syncBusy.indexOf(false); // free while fewer than MAX_SYNCS_IN_FLIGHT run
    const upTo = this.written;
    this.requested = upTo;
    this.syncing++;
    this.syncBusy[slot] = true;
    this.syncs++;
    this.asyncSync(this.syncFds[slot], (err) => {
      this.syncing--;
      this.syncBusy[slot] = false;
      if (this.closeAfterSync) {
        if (this.syncing === 0) this.closeDescriptors();
        return;
      }
      if (err) return this.fail(err); // after an earlier failure there is nothing left to drop
      if (this.syncError) return;
      this.durable = Math.max(this.durable, upTo);
      this.release();
      this.startSync();
    });
  }

  /**
   * Durability of the batch is unknown: nothing waiting for it may go out, and nothing more is
   * journaled (append throws), so the runner stops on the next input. Reported once.
   */
  private fail(err: Error): void {
    if (this.syncError) return;
    this.syncError = err;
    const held = this.waiting.splice(0);
    for (const w of held) w.dropped?.();
    this.onSyncFailure?.(err, held.filter((w) => w.dropped === undefined).length);
  }

  private release(): void {
    while (this.waiting.length > 0 && this.waiting[0].upTo <= this.durable) this.waiting.shift()!.run();
  }

  /** Makes everything written durable now, on this thread, and releases whoever waits for it. */
  private flushSync(): void {
    fdatasyncSync(this.fd);
    this.durable = this.written;
    this.requested = Math.max(this.requested, this.written);
    this.release();
  }

  /** Makes every entry durable (releasing commands that wait for it), then closes the file. */
  close(): void {
    if (this.closed) return;
    if (!this.syncError && (!this.isDurable || this.waiting.length > 0)) this.flushSync();
    this.closed = true;
    // An fdatasync still running in the thread pool uses a descriptor: the last one closes them.
    if (this.syncing > 0) this.closeAfterSync = true;
    else this.closeDescriptors();
  }

  private closeDescriptors(): void {
    closeSync(this.fd);
    for (const fd of this.syncFds) closeSync(fd);
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
