import { readFileSync } from 'node:fs';
import { formatFixed } from '../../core/decimal/fixed.ts';
import type { JournalHeader } from '../../core/journal/journal-entry.ts';
import { parseJournalText, type ParsedJournal } from '../../core/journal/journal-text.ts';
import { createSessionKernel } from '../../core/journal/session-kernel.ts';
import { summarizeSession, type SessionSummary } from '../../core/journal/session-summary.ts';
import type { FillRecord } from '../../core/kernel/kernel.ts';
import { loadStrategyFactory } from '../run/strategy-loader.ts';

export interface ReplayFill {
  readonly clientId: string;
  readonly execId: string;
  readonly pair: string;
  readonly side: string;
  readonly time: number;
  readonly qty: string;
  readonly price: string;
  readonly fee: string;
  readonly feeAsset: string;
  readonly liquidity: string;
}

export interface ReplayResult {
  readonly journal: string;
  readonly header: JournalHeader;
  readonly entries: number;
  /** Bytes of a torn last line that was ignored (a crash mid-write). */
  readonly tornTail: number;
  readonly summary: SessionSummary;
  readonly fills: readonly ReplayFill[];
  /** Entries that failed inside the kernel (live failed on them identically; the state is the live one). */
  readonly inputFailures: readonly string[];
}

export function fillRow(f: FillRecord): ReplayFill {
  return {
    clientId: f.clientId,
    execId: f.execId,
    pair: f.pair,
    side: f.side,
    time: f.time,
    qty: formatFixed(f.qty),
    price: formatFixed(f.price),
    fee: formatFixed(f.fee),
    feeAsset: f.feeAsset,
    liquidity: f.liquidity,
  };
}

/**
 * Replays a live session's journal through the backtest path: the session's own config (from
 * the header) builds the kernel, and every journaled input is fed in order. Paper and real
 * sessions give the ledger and hash the live runner had when it wrote the last entry.
 */
export interface ReplayOptions {
  /**
   * Runs after the journal is parsed and before its strategy is built: the layer that reads
   * model artifacts registers the ones the journal names (src/cli wires the ML loader here).
   */
  readonly beforeStrategy?: (journal: ParsedJournal) => void | Promise<void>;
}

export async function replayJournal(path: string, opts: ReplayOptions = {}): Promise<ReplayResult> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`--replay: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const parsed = parseJournalText(text, path);
  const session = parsed.header.session;
  await opts.beforeStrategy?.(parsed);
  const factory = await loadStrategyFactory(session.strategy);
  const fills: ReplayFill[] = [];
  const inputFailures: string[] = [];
  let current = 0;
  const { kernel, apply } = createSessionKernel(session, factory.create(session.params), {
    onFill: (f) => fills.push(fillRow(f)),
    onInputError: (input, err) => inputFailures.push(`${path}:${current + 1}: entry ${current} (${input.k}): ${err.message}`),
  });
  for (const e of parsed.entries) {
    current = e.n;
    try {
      apply(e.input);
    } catch (err) {
      throw new Error(`${path}:${e.n + 1}: replaying entry ${e.n} (${e.input.k}) failed: ${(err as Error).message}`);
    }
  }
  return { journal: path, header: parsed.header, entries: parsed.entries.length, tornTail: parsed.tornTail, summary: summarizeSession(kernel), fills, inputFailures };
}

export function formatReplay(r: ReplayResult): string {
  const s = r.summary;
  const lines = [
    `replayed ${r.journal}: ${r.entries} entries (${r.header.session.mode} session, ${r.header.session.strategy} on ${r.header.session.pairs.join(', ')} ${r.header.session.timeframe})`,
    `candles: ${s.candles}  events: ${s.events}  fills: ${r.fills.length}  open orders: ${s.openOrders.length}  mode: ${s.mode}`,
    `balances: ${Object.entries(s.balances).map(([a, b]) => `${a} ${b}`).join('  ')}`,
    `realized PnL: ${s.realizedPnl}`,
    `hash: ${s.hash}`,
  ];
  for (const f of r.inputFailures) lines.push(`note: ${f} (failed live the same way)`);
  if (r.tornTail) lines.push(`note: ignored a torn last line of ${r.tornTail} bytes (crash mid-write; never processed)`);
  return lines.join('\n');
}
