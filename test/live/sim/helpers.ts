import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { WebSocket } from 'ws';
import { parseFixed } from '../../../src/core/decimal/fixed.ts';
import { krakenSignature } from '../../../src/live/sim/auth/signature.ts';
import { KrakenSimulator, type SimulatorOptions } from '../../../src/live/sim/simulator.ts';
import type { MarketTrade } from '../../../src/live/sim/market/market-trade.ts';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/kraken/', import.meta.url));
export const KEY = 'TESTKEY';
export const SECRET = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';
export const T0 = Date.parse('2024-01-01T00:00:00Z');

export function fixture(name: string): any {
  return JSON.parse(readFileSync(`${FIXTURES}/${name}`, 'utf8'));
}

export function fixtureLines(name: string): any[] {
  return readFileSync(`${FIXTURES}/${name}`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

/** A scripted BTC/USD market: one trade per second at the given prices (qty 1), starting at T0. */
export function btcTrades(prices: string[], qty = '1', startMs = T0): MarketTrade[] {
  return prices.map((p, i) => ({ symbol: 'BTC/USD', time: startMs + i * 1000, price: parseFixed(p), qty: parseFixed(qty), side: 'buy', ordType: 'market' }));
}

export async function startSim(opts: Partial<SimulatorOptions> = {}): Promise<KrakenSimulator> {
  return KrakenSimulator.start({
    trades: btcTrades(['30000.0', '30000.0', '29990.0', '29980.0', '30010.0', '30020.0', '29950.0', '30050.0']),
    accounts: [{ key: KEY, secret: SECRET, balances: { USD: '100000', BTC: '2' } }],
    heartbeatMs: 0,
    ...opts,
  });
}

/** A raw signed private REST call, the way a Kraken client does it (form body unless json=true). */
let sharedNonce = 1_700_000_000_000n; // one nonce source per process, like a real client per key

export class RestCaller {

  constructor(
    readonly base: string,
    readonly key = KEY,
    readonly secret = SECRET,
  ) {}

  async pub(method: string, query: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    const qs = new URLSearchParams(query).toString();
    const res = await fetch(`${this.base}/0/public/${method}${qs ? '?' + qs : ''}`);
    return { status: res.status, body: await res.json() };
  }

  async priv(method: string, params: Record<string, string> = {}, opts: { json?: boolean; nonce?: bigint; sign?: string } = {}): Promise<{ status: number; body: any }> {
    const nonce = opts.nonce ?? ++sharedNonce;
    const path = `/0/private/${method}`;
    const body = opts.json ? JSON.stringify({ nonce: nonce.toString(), ...params }) : new URLSearchParams({ nonce: nonce.toString(), ...params }).toString();
    const res = await fetch(this.base + path, {
      method: 'POST',
      headers: {
        'API-Key': this.key,
        'API-Sign': opts.sign ?? krakenSignature(path, nonce.toString(), body, this.secret),
        'Content-Type': opts.json ? 'application/json' : 'application/x-www-form-urlencoded',
      },
      body,
    });
    return { status: res.status, body: await res.json() };
  }
}

/** A WS client that queues every frame and lets a test wait for the next one matching a predicate. */
export class WsProbe {
  readonly frames: any[] = [];
  readonly raw: string[] = [];
  private waiters: { pred: (m: any) => boolean; resolve: (m: any) => void }[] = [];
  private readonly consumed = new Set<number>();
  closed = false;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      const text = d.toString();
      this.raw.push(text);
      this.frames.push(JSON.parse(text));
      this.wake();
    });
    ws.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static open(url: string): Promise<WsProbe> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const probe = new WsProbe(ws);
      ws.once('open', () => resolve(probe));
      ws.once('error', reject);
    });
  }

  send(msg: unknown): void {
    this.ws.send(JSON.stringify(msg));
  }

  /** The first not yet consumed frame that matches (waits for it); marks it consumed. */
  next(pred: (m: any) => boolean = () => true): Promise<any> {
    return new Promise((resolve, reject) => {
      this.waiters.push({ pred, resolve });
      this.wake();
      setTimeout(() => reject(new Error(`no matching frame; got ${this.raw.slice(-5).join('\n')}`)), 5000).unref();
    });
  }

  private wake(): void {
    const pending = this.waiters;
    this.waiters = [];
    for (const w of pending) {
      let hit = -1;
      for (let i = 0; i < this.frames.length; i++) {
        if (!this.consumed.has(i) && w.pred(this.frames[i])) {
          hit = i;
          break;
        }
      }
      if (hit >= 0) {
        this.consumed.add(hit);
        w.resolve(this.frames[hit]);
      } else this.waiters.push(w);
    }
  }

  /** Frames received so far matching the predicate. */
  all(pred: (m: any) => boolean): any[] {
    return this.frames.filter(pred);
  }

  close(): void {
    this.ws.terminate();
  }
}

/** Sends a request and waits for the response with that req_id. */
export async function request(p: WsProbe, method: string, params: Record<string, unknown> | undefined, reqId: number): Promise<any> {
  p.send(params === undefined ? { method, req_id: reqId } : { method, params, req_id: reqId });
  return p.next((m) => m.req_id === reqId && (m.method === method || m.method === 'pong'));
}

/** Waits until the server has processed everything sent so far (a ping round trip). */
let pingId = 900000;
export async function sync(p: WsProbe): Promise<void> {
  const id = ++pingId;
  p.send({ method: 'ping', req_id: id });
  await p.next((m) => m.method === 'pong' && m.req_id === id);
}

const TXID = /^[A-Z0-9]{6}-[A-Z0-9]{5}-[A-Z0-9]{6}$/;

/** Recursively compares the key structure/types of `actual` against a fixture (fixture keys must be present). */
export function shapeMismatches(fixtureValue: any, actual: any, path = '$'): string[] {
  const out: string[] = [];
  const t = (v: any) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (t(fixtureValue) !== t(actual)) {
    // Kraken documents nullable/str-or-num fields; a fixture `null`/"None" accepts either.
    if (!(fixtureValue === null || fixtureValue === 'None')) out.push(`${path}: fixture ${t(fixtureValue)}, got ${t(actual)}`);
    return out;
  }
  if (t(fixtureValue) === 'array' && fixtureValue.length && actual.length) out.push(...shapeMismatches(fixtureValue[0], actual[0], `${path}[0]`));
  if (t(fixtureValue) === 'object') {
    const keys = Object.keys(fixtureValue);
    // Maps keyed by Kraken ids (orders, trades, ledger entries): compare one entry with one entry.
    if (keys.length && keys.every((k) => TXID.test(k))) {
      const mine = Object.keys(actual);
      if (!mine.length) return [`${path}: empty map, fixture has entries`];
      return shapeMismatches(fixtureValue[keys[0]], actual[mine[0]], `${path}.<id>`);
    }
    for (const k of keys) {
      if (!(k in actual)) out.push(`${path}.${k}: missing`);
      else out.push(...shapeMismatches(fixtureValue[k], actual[k], `${path}.${k}`));
    }
  }
  return out;
}
