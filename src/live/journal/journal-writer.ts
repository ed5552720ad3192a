import { closeSync, existsSync, fdatasyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
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
}

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

  private constructor(readonly path: string, private readonly fd: number, nextN: number, readonly sync: SyncPolicy) {
    this.next = nextN;
  }

  /** Opens an existing journal (parsing it, dropping a torn tail) or creates it with `session`. */
  static open(path: string, session: SessionConfig | undefined, opts: { sync?: SyncPolicy; now?: () => number } = {}): OpenedJournal {
    const sync = opts.sync ?? 'fsync';
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
      return { writer: new JournalWriter(path, afd, parsed.entries.length + 1, sync), existing: parsed, header: parsed.header };
    }
    if (!session) throw new Error(`journal ${path} does not exist and no session config was given to create it`);
    mkdirSync(dirname(path), { recursive: true });
    const header: JournalHeader = { format: JOURNAL_FORMAT, version: JOURNAL_VERSION, createdAt: (opts.now ?? Date.now)(), session };
    const fd = openSync(path, 'wx');
    writeSync(fd, encodeHeader(header) + '\n');
    fdatasyncSync(fd);
    return { writer: new JournalWriter(path, fd, 1, sync), existing: undefined, header };
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
