import { formatFixed } from '../../core/decimal/fixed.ts';
import type { JournalEntry } from '../../core/journal/journal-entry.ts';
import type { SessionConfig } from '../../core/journal/session-config.ts';
import type { LiveSession } from './live-session.ts';

// What a restarted runner checks and reports about the journal it resumes (live-runner.ts).

/** Resolves after `ms` (at once for 0). */
export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}

/** A journal belongs to one session: refuse to continue it with a different strategy, pairs, timeframe or mode. */
export function checkSameSession(wanted: SessionConfig, found: SessionConfig, path: string): void {
  for (const k of ['mode', 'strategy', 'timeframe'] as const) {
    if (wanted[k] !== found[k]) throw new Error(`journal ${path} is a ${found.mode} session of ${found.strategy} ${found.timeframe}; --${k} ${wanted[k]} does not match (use another --journal)`);
  }
  if (wanted.pairs.join(',') !== found.pairs.join(',')) throw new Error(`journal ${path} trades ${found.pairs.join(',')}, not ${wanted.pairs.join(',')} (use another --journal)`);
}

/** What a resumed session continues from, printed at start so nobody resumes the wrong journal unawares. */
export interface ResumeInfo {
  readonly entries: number;
  readonly balances: Readonly<Record<string, string>>;
  readonly positions: readonly { pair: string; qty: string }[];
  readonly openOrders: readonly { clientId: string; pair: string; side: string; status: string }[];
  readonly lastEvent: { n: number; k: string; time: number | null } | null;
}

export function resumeInfo(session: LiveSession, entries: readonly JournalEntry[]): ResumeInfo {
  const summary = session.summary();
  const last = entries.at(-1);
  const timeOf = (e: JournalEntry): number | null => {
    const i = e.input;
    if (i.k === 'candle') return i.candle.openTime + i.candle.intervalMs;
    if (i.k === 'venue') return i.event.time;
    return 'time' in i ? i.time : null;
  };
  return {
    entries: entries.length,
    balances: summary.balances,
    positions: session.sk.instruments.map((i) => ({ pair: i.symbol, qty: formatFixed(session.kernel.ledger.position(i.base)) })),
    openOrders: summary.openOrders.map((o) => ({ clientId: o.clientId, pair: o.pair, side: o.side, status: o.status })),
    lastEvent: last ? { n: last.n, k: last.input.k, time: timeOf(last) } : null,
  };
}
