import { decodeEntry, decodeHeader, JournalFormatError, type JournalEntry, type JournalHeader } from './journal-entry.ts';

export interface ParsedJournal {
  readonly header: JournalHeader;
  readonly entries: readonly JournalEntry[];
  /**
   * Bytes of a torn last line (a write cut short by a crash: no newline at its end and not a
   * complete entry). Such an entry never reached the kernel (entries are written before they
   * are processed), so it is dropped; the writer truncates it before appending.
   */
  readonly tornTail: number;
  /** Byte length of the well-formed part (where the next entry goes). */
  readonly validBytes: number;
}

/**
 * Parses a whole journal (pure: the caller reads the file). A bad line anywhere except a torn
 * last one is an error naming the file and line; entry numbers must run 1, 2, 3, ... without gaps.
 */
export function parseJournalText(text: string, source = 'journal'): ParsedJournal {
  if (text.length === 0) throw new JournalFormatError(source, 1, 'empty journal (no header)');
  const lines = text.split('\n');
  // A complete journal ends with '\n', so the last split element is ''.
  const last = lines.pop()!;
  let tornTail = 0;
  if (last !== '') tornTail = utf8Length(last);
  if (lines.length === 0) throw new JournalFormatError(source, 1, 'the header line is incomplete (torn write)');
  const header = decodeHeader(lines[0], source, 1);
  const entries: JournalEntry[] = [];
  for (let i = 1; i < lines.length; i++) {
    const e = decodeEntry(lines[i], source, i + 1);
    if (e.n !== i) throw new JournalFormatError(source, i + 1, `entry number ${e.n} out of sequence (expected ${i}): the journal has a gap or was edited`);
    entries.push(e);
  }
  return { header, entries, tornTail, validBytes: utf8Length(text) - tornTail };
}

const encoder = new TextEncoder();
function utf8Length(s: string): number {
  return encoder.encode(s).length;
}
