import { useEffect, useState } from 'preact/hooks';
import type { CandleRow, MarketRow } from '../wire.ts';

/** Sections as the server sends them (see dashboard-view.ts); read loosely, rendered defensively. */
export type Section = Record<string, any>;
export interface State {
  session: Section;
  instruments: Record<string, { base: string; quote: string; priceDecimals: number; lotDecimals: number }>;
  account: Section;
  positions: Section[];
  strategies: Section[];
  openOrders: Section[];
  fills: Section[];
  risk: Section;
  ops: Section;
}

/**
 * The browser's copy of the runner: one EventSource on /events, a snapshot, then deltas
 * applied in place. Views subscribe and re-render at most once per animation frame.
 */
class Store {
  state: State | null = null;
  equity: { time: number; equity: number }[] = [];
  readonly markets = new Map<string, MarketRow>();
  readonly candles = new Map<string, CandleRow[]>();
  connected = false;
  /** Incremented on every applied message; views memoize on it. */
  version = 0;
  marketsVersion = 0;
  lastMessageAt = 0;
  private readonly listeners = new Set<() => void>();
  private frame = 0;

  connect(): void {
    const es = new EventSource('/events');
    es.addEventListener('open', () => this.touch(() => (this.connected = true)));
    es.addEventListener('error', () => this.touch(() => (this.connected = false)));
    es.addEventListener('snapshot', (e) => {
      const m = JSON.parse((e as MessageEvent).data);
      this.touch(() => {
        this.state = m.state;
        this.equity = m.equity;
        this.markets.clear();
        for (const r of m.markets as MarketRow[]) this.markets.set(r.symbol, r);
        this.candles.clear();
        for (const [pair, list] of Object.entries(m.candles as Record<string, CandleRow[]>)) this.candles.set(pair, list);
        this.connected = true;
        this.marketsVersion++;
      });
    });
    es.addEventListener('patch', (e) => {
      const { data } = JSON.parse((e as MessageEvent).data);
      this.touch(() => {
        if (this.state) Object.assign(this.state, data);
      });
    });
    es.addEventListener('equity', (e) => {
      const { data } = JSON.parse((e as MessageEvent).data);
      this.touch(() => {
        this.equity = this.equity.concat(data);
        if (this.equity.length > 5000) this.equity = this.equity.slice(-5000);
      });
    });
    es.addEventListener('markets', (e) => {
      const { data } = JSON.parse((e as MessageEvent).data);
      this.touch(() => {
        for (const r of data as MarketRow[]) this.markets.set(r.symbol, r);
        this.marketsVersion++;
      });
    });
    es.addEventListener('candles', (e) => {
      const { data } = JSON.parse((e as MessageEvent).data);
      this.touch(() => {
        for (const { pair, candle } of data as { pair: string; candle: CandleRow }[]) {
          const list = this.candles.get(pair) ?? [];
          const last = list[list.length - 1];
          if (last && last.time === candle.time) list[list.length - 1] = candle;
          else if (!last || candle.time > last.time) list.push(candle);
          this.candles.set(pair, list);
        }
      });
    });
  }

  private touch(fn: () => void): void {
    fn();
    this.version++;
    this.lastMessageAt = Date.now();
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        for (const l of this.listeners) l();
        document.body.dataset.version = String(this.version);
      });
    }
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

export const store = new Store();

/** Re-renders the calling component whenever the store changed (once per frame). */
export function useStore(): Store {
  const [, set] = useState(0);
  useEffect(() => store.subscribe(() => set((n) => n + 1)), []);
  return store;
}

/** The control token lives in this tab only (sessionStorage), never in the URL. */
export const token = {
  get: (): string => sessionStorage.getItem('krakenbt-control-token') ?? '',
  set: (t: string): void => (t ? sessionStorage.setItem('krakenbt-control-token', t) : sessionStorage.removeItem('krakenbt-control-token')),
};

/** POSTs a control action (with `strategy` for the per-strategy ones); a refusal comes back as its reason. */
export async function control(action: string, reason: string, strategy?: string): Promise<{ ok: boolean; text: string }> {
  const headers: Record<string, string> = { 'x-control-reason': reason };
  const t = token.get();
  if (t) headers['x-control-token'] = t;
  const r = await fetch(`/control/${action}${strategy === undefined ? '' : `?strategy=${encodeURIComponent(strategy)}`}`, { method: 'POST', headers });
  const text = await r.text();
  if (r.status === 409) {
    try {
      return { ok: false, text: String((JSON.parse(text) as { refused?: string }).refused ?? text) };
    } catch {
      return { ok: false, text };
    }
  }
  return { ok: r.ok, text };
}
