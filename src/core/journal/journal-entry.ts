import { formatFixed, parseFixed, type Fixed } from '../decimal/fixed.ts';
import type { TradingMode } from '../risk/risk-config.ts';
import type { VenueEvent } from '../venue/port.ts';
import { parseSessionConfig, type SessionConfig } from './session-config.ts';

/**
 * The journal's entry format: one canonical JSON object per line, one line per kernel input.
 * Exact decimals (money) and candle prices are strings, so nothing passes through a binary
 * float on disk that was not a float in the kernel already (a candle's float prints and parses
 * back to the same double). Keys are written in a fixed order, so equal entries are equal bytes.
 *
 * Line 1 is the header (format version + session config); every later line carries `n`, its
 * position (1, 2, ...), so a gap or a reordering is detected on read.
 */
export const JOURNAL_FORMAT = 'krakenbt-journal';
export const JOURNAL_VERSION = 1;

export interface JournalHeader {
  readonly format: typeof JOURNAL_FORMAT;
  readonly version: number;
  readonly createdAt: number;
  readonly session: SessionConfig;
}

export interface CandleInput {
  readonly pair: string;
  readonly openTime: number;
  readonly intervalMs: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly trades: number;
}

/** A kernel input. `time` is event time (epoch ms). */
export type JournalInput =
  | { readonly k: 'deposit'; readonly time: number; readonly asset: string; readonly amount: Fixed }
  | { readonly k: 'withdraw'; readonly time: number; readonly asset: string; readonly amount: Fixed }
  | { readonly k: 'start'; readonly time: number }
  | { readonly k: 'candle'; readonly candle: CandleInput }
  | { readonly k: 'tick'; readonly time: number }
  | { readonly k: 'venue'; readonly event: VenueEvent }
  | { readonly k: 'mode'; readonly time: number; readonly mode: TradingMode; readonly reason: string }
  /** One strategy id halted (its open orders canceled, its new orders refused) or allowed to trade again; the others go on. */
  | { readonly k: 'strategy'; readonly time: number; readonly strategyId: string; readonly halted: boolean; readonly reason: string }
  | { readonly k: 'stop'; readonly time: number }
  /**
   * A model promotion: from here on `approved:PAIR` is the artifact `id`, whose files hash to
   * `artifactHash`. Journaled when a live session switches models (the downtime cycle), and
   * once at the start for the model it begins with; a replay loads exactly this artifact.
   */
  | { readonly k: 'model'; readonly time: number; readonly pair: string; readonly id: string; readonly artifactHash: string }
  /**
   * An input the kernel refused before it was processed (validate, then journal): kept for the
   * record with the reason, skipped by every replay exactly as it was skipped live. `input` is
   * the refused input in its journal encoding, stored as is (it may hold garbage such as NaN).
   */
  | { readonly k: 'refused'; readonly reason: string; readonly input: Readonly<Record<string, unknown>> };

export interface JournalEntry {
  readonly n: number;
  readonly input: JournalInput;
}

export class JournalFormatError extends Error {
  constructor(readonly source: string, readonly line: number, detail: string) {
    super(`${source}:${line}: ${detail}`);
    this.name = 'JournalFormatError';
  }
}

const num = (x: number): string => String(x);

export function encodeHeader(h: JournalHeader): string {
  return JSON.stringify({ format: h.format, version: h.version, createdAt: h.createdAt, session: h.session });
}

export function encodeEntry(e: JournalEntry): string {
  return JSON.stringify({ n: e.n, ...encodeInput(e.input) });
}

/** An input as the journal writes it (without its entry number), in canonical key order. */
export function encodeInput(i: JournalInput): Record<string, unknown> {
  switch (i.k) {
    case 'deposit':
    case 'withdraw':
      return { k: i.k, time: i.time, asset: i.asset, amount: formatFixed(i.amount) };
    case 'start':
    case 'tick':
    case 'stop':
      return { k: i.k, time: i.time };
    case 'mode':
      return { k: i.k, time: i.time, mode: i.mode, reason: i.reason };
    case 'strategy':
      return { k: i.k, time: i.time, strategyId: i.strategyId, halted: i.halted, reason: i.reason };
    case 'model':
      return { k: i.k, time: i.time, pair: i.pair, id: i.id, artifactHash: i.artifactHash };
    case 'refused':
      return { k: i.k, reason: i.reason, input: i.input };
    case 'candle': {
      const c = i.candle;
      return {
        k: 'candle',
        pair: c.pair,
        openTime: c.openTime,
        intervalMs: c.intervalMs,
        open: num(c.open),
        high: num(c.high),
        low: num(c.low),
        close: num(c.close),
        volume: num(c.volume),
        trades: c.trades,
      };
    }
    case 'venue':
      return { k: 'venue', event: encodeVenueEvent(i.event) };
  }
}

function encodeVenueEvent(ev: VenueEvent): Record<string, unknown> {
  switch (ev.kind) {
    case 'accepted':
      return { kind: ev.kind, time: ev.time, clientId: ev.clientId, venueOrderId: ev.venueOrderId };
    case 'rejected':
    case 'canceled':
    case 'cancel-rejected':
    case 'unknown':
      return { kind: ev.kind, time: ev.time, clientId: ev.clientId, reason: ev.reason };
    case 'expired':
    case 'filled':
      return { kind: ev.kind, time: ev.time, clientId: ev.clientId };
    case 'fill':
      return {
        kind: ev.kind,
        time: ev.time,
        clientId: ev.clientId,
        execId: ev.execId,
        qty: formatFixed(ev.qty),
        price: formatFixed(ev.price),
        fee: formatFixed(ev.fee),
        feeAsset: ev.feeAsset,
        liquidity: ev.liquidity,
        orderStatus: ev.orderStatus,
        // Optional: the venue's own booked cost (Kraken rounds it), and pair/side so a fill for
        // an order the kernel no longer holds is still booked on replay.
        ...(ev.cost === undefined ? {} : { cost: formatFixed(ev.cost) }),
        ...(ev.pair === undefined ? {} : { pair: ev.pair }),
        ...(ev.side === undefined ? {} : { side: ev.side }),
      };
  }
}

// ---- decoding ---------------------------------------------------------------------------

type Obj = Record<string, unknown>;

class Fields {
  constructor(private readonly o: Obj, private readonly fail: (detail: string) => never, private readonly prefix = '') {}
  private bad(name: string, want: string): never {
    return this.fail(`field "${this.prefix}${name}" must be ${want}, got ${JSON.stringify(this.o[name])}`);
  }
  has(name: string): boolean {
    return this.o[name] !== undefined;
  }
  int(name: string): number {
    const v = this.o[name];
    return typeof v === 'number' && Number.isSafeInteger(v) ? v : this.bad(name, 'an integer');
  }
  time(name: string): number {
    const v = this.o[name];
    return typeof v === 'number' && Number.isFinite(v) ? v : this.bad(name, 'a finite number (epoch ms)');
  }
  str(name: string): string {
    const v = this.o[name];
    return typeof v === 'string' ? v : this.bad(name, 'a string');
  }
  bool(name: string): boolean {
    const v = this.o[name];
    return typeof v === 'boolean' ? v : this.bad(name, 'true or false');
  }
  oneOf<T extends string>(name: string, options: readonly T[]): T {
    const v = this.o[name];
    return typeof v === 'string' && (options as readonly string[]).includes(v) ? (v as T) : this.bad(name, `one of ${options.join(', ')}`);
  }
  fixed(name: string): Fixed {
    const v = this.o[name];
    if (typeof v !== 'string') return this.bad(name, 'an exact decimal string');
    try {
      return parseFixed(v);
    } catch {
      return this.bad(name, 'an exact decimal string');
    }
  }
  float(name: string): number {
    const v = this.o[name];
    const x = typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    return Number.isFinite(x) ? x : this.bad(name, 'a decimal number as a string');
  }
}

function parseObject(text: string, fail: (d: string) => never): Obj {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return fail(`not valid JSON (${(e as Error).message})`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail('not a JSON object');
  return v as Obj;
}

export function decodeHeader(text: string, source = 'journal', line = 1): JournalHeader {
  const fail = (d: string): never => {
    throw new JournalFormatError(source, line, d);
  };
  const o = parseObject(text, fail);
  if (o.format !== JOURNAL_FORMAT) fail(`not a journal header (format ${JSON.stringify(o.format)}, expected "${JOURNAL_FORMAT}")`);
  if (o.version !== JOURNAL_VERSION) fail(`journal version ${JSON.stringify(o.version)} is not supported (this build reads ${JOURNAL_VERSION})`);
  const f = new Fields(o, fail);
  let session: SessionConfig;
  try {
    session = parseSessionConfig(o.session, 'journal header session');
  } catch (e) {
    return fail((e as Error).message);
  }
  return { format: JOURNAL_FORMAT, version: JOURNAL_VERSION, createdAt: f.time('createdAt'), session };
}

const KINDS = ['deposit', 'withdraw', 'start', 'candle', 'tick', 'venue', 'mode', 'strategy', 'model', 'stop', 'refused'] as const;

export function decodeEntry(text: string, source = 'journal', line = 0): JournalEntry {
  const fail = (d: string): never => {
    throw new JournalFormatError(source, line, d);
  };
  const o = parseObject(text, fail);
  const f = new Fields(o, fail);
  const n = f.int('n');
  const k = f.oneOf('k', KINDS);
  switch (k) {
    case 'deposit':
    case 'withdraw':
      return { n, input: { k, time: f.time('time'), asset: f.str('asset'), amount: f.fixed('amount') } };
    case 'start':
    case 'tick':
    case 'stop':
      return { n, input: { k, time: f.time('time') } };
    case 'mode':
      return { n, input: { k, time: f.time('time'), mode: f.oneOf('mode', ['active', 'reducing-only', 'halted'] as const), reason: f.str('reason') } };
    case 'strategy':
      return { n, input: { k, time: f.time('time'), strategyId: f.str('strategyId'), halted: f.bool('halted'), reason: f.str('reason') } };
    case 'model':
      return { n, input: { k, time: f.time('time'), pair: f.str('pair'), id: f.str('id'), artifactHash: f.str('artifactHash') } };
    case 'candle':
      return {
        n,
        input: {
          k,
          candle: {
            pair: f.str('pair'),
            openTime: f.time('openTime'),
            intervalMs: f.int('intervalMs'),
            open: f.float('open'),
            high: f.float('high'),
            low: f.float('low'),
            close: f.float('close'),
            volume: f.float('volume'),
            trades: f.int('trades'),
          },
        },
      };
    case 'refused': {
      const inner = o.input;
      if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return fail('field "input" of a refused entry must be an object');
      return { n, input: { k, reason: f.str('reason'), input: inner as Obj } };
    }
    case 'venue': {
      const ev = o.event;
      if (typeof ev !== 'object' || ev === null || Array.isArray(ev)) return fail('field "event" must be an object');
      return { n, input: { k, event: decodeVenueEvent(new Fields(ev as Obj, fail, 'event.')) } };
    }
  }
}

function decodeVenueEvent(f: Fields): VenueEvent {
  const kind = f.oneOf('kind', ['accepted', 'rejected', 'fill', 'filled', 'canceled', 'expired', 'cancel-rejected', 'unknown'] as const);
  const time = f.time('time');
  const clientId = f.str('clientId');
  switch (kind) {
    case 'accepted':
      return { kind, time, clientId, venueOrderId: f.str('venueOrderId') };
    case 'rejected':
    case 'canceled':
    case 'cancel-rejected':
    case 'unknown':
      return { kind, time, clientId, reason: f.str('reason') };
    case 'expired':
    case 'filled':
      return { kind, time, clientId };
    case 'fill':
      return {
        kind,
        time,
        clientId,
        execId: f.str('execId'),
        qty: f.fixed('qty'),
        price: f.fixed('price'),
        fee: f.fixed('fee'),
        feeAsset: f.str('feeAsset'),
        liquidity: f.oneOf('liquidity', ['maker', 'taker'] as const),
        orderStatus: f.oneOf('orderStatus', ['partially-filled', 'filled'] as const),
        ...(f.has('cost') ? { cost: f.fixed('cost') } : {}),
        ...(f.has('pair') ? { pair: f.str('pair') } : {}),
        ...(f.has('side') ? { side: f.oneOf('side', ['buy', 'sell'] as const) } : {}),
      };
  }
}
