import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import { useLayoutEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import type { MarketRow } from '../../wire.ts';
import { compact, pct, roundText, signClass } from '../format.ts';
import { go } from '../nav.ts';
import { useStore } from '../store.ts';

export const TABS = ['all', 'focus', 'gainers', 'losers', 'movers'] as const;
type Tab = (typeof TABS)[number];
const TAB_LABEL: Record<Tab, string> = { all: 'All', focus: 'Focus', gainers: 'Gainers', losers: 'Losers', movers: 'Movers' };

type Col = 'symbol' | 'price' | 'change' | 'volume' | 'spread' | 'bid' | 'ask';
const COLS: { id: Col; label: string; num: boolean }[] = [
  { id: 'symbol', label: 'Pair', num: false },
  { id: 'price', label: 'Price', num: true },
  { id: 'change', label: '24h change', num: true },
  { id: 'volume', label: '24h volume', num: true },
  { id: 'spread', label: 'Spread', num: true },
  { id: 'bid', label: 'Bid', num: true },
  { id: 'ask', label: 'Ask', num: true },
];

const n = (t: string | null) => (t === null ? NaN : Number(t));
/** 24 h volume in quote units (base volume x last): comparable across pairs, unlike base units. */
export const quoteVolume = (r: MarketRow) => n(r.volume) * n(r.last);

const KEY: Record<Col, (r: MarketRow) => number | string> = {
  symbol: (r) => r.symbol,
  price: (r) => n(r.last),
  change: (r) => r.changePct ?? NaN,
  volume: quoteVolume,
  spread: (r) => r.spreadPct ?? NaN,
  bid: (r) => n(r.bid),
  ask: (r) => n(r.ask),
};

export function inTab(r: MarketRow, tab: Tab): boolean {
  switch (tab) {
    case 'all': return true;
    case 'focus': return r.focus;
    case 'gainers': return (r.changePct ?? 0) > 0;
    case 'losers': return (r.changePct ?? 0) < 0;
    case 'movers': return r.mover !== null;
  }
}

const DEFAULT_SORT: Record<Tab, [Col, 1 | -1]> = { all: ['volume', -1], focus: ['symbol', 1], gainers: ['change', -1], losers: ['change', 1], movers: ['change', -1] };

function compare(col: Col, dir: 1 | -1) {
  const key = KEY[col];
  return (a: MarketRow, b: MarketRow) => {
    const x = key(a);
    const y = key(b);
    if (typeof x === 'string' || typeof y === 'string') return dir * String(x).localeCompare(String(y));
    const xn = Number.isNaN(x);
    const yn = Number.isNaN(y);
    if (xn || yn) return xn && yn ? a.symbol.localeCompare(b.symbol) : xn ? 1 : -1; // blanks last either way
    return dir * (x - y) || a.symbol.localeCompare(b.symbol);
  };
}

const ROW = 28;

/** Last price seen per pair and the direction of its latest change (the cell flashes once per new price). */
const FLASH = new Map<string, { last: string | null; cls: string }>();
function flashOf(r: MarketRow): string {
  const f = FLASH.get(r.symbol);
  if (!f) {
    FLASH.set(r.symbol, { last: r.last, cls: '' });
    return '';
  }
  if (f.last !== r.last) {
    f.cls = f.last !== null && r.last !== null ? (Number(r.last) >= Number(f.last) ? 'flash-up' : 'flash-down') : '';
    f.last = r.last;
  }
  return f.cls;
}

export function Markets() {
  const s = useStore();
  const [tab, setTab] = useState<Tab>('all');
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<[Col, 1 | -1] | null>(null);
  const [col, dir] = sort ?? DEFAULT_SORT[tab];
  const all = useMemo(() => [...s.markets.values()], [s.marketsVersion]);
  const counts = useMemo(() => Object.fromEntries(TABS.map((t) => [t, all.filter((r) => inTab(r, t)).length])), [all]);
  const rows = useMemo(() => {
    const q = search.trim().toUpperCase();
    return all.filter((r) => inTab(r, tab) && (!q || r.symbol.includes(q) || r.base.includes(q))).sort(compare(col, dir));
  }, [all, tab, search, col, dir]);

  const scroller = useRef<HTMLDivElement>(null);
  const [, rerender] = useReducer((x: number) => x + 1, 0);
  const virt = useRef<Virtualizer<HTMLDivElement, Element> | null>(null);
  virt.current ??= new Virtualizer<HTMLDivElement, Element>({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 10,
    scrollToFn: elementScroll,
    observeElementRect,
    observeElementOffset,
    onChange: () => rerender(0),
  });
  const v = virt.current;
  v.setOptions({ ...v.options, count: rows.length });
  useLayoutEffect(() => v._didMount(), []);
  useLayoutEffect(() => v._willUpdate());

  const clickSort = (c: Col) => setSort(col === c ? [c, dir === 1 ? -1 : 1] : [c, c === 'symbol' ? 1 : -1]);
  return (
    <main class="fill">
      <div class="toolbar">
        <div class="seg" id="market-tabs">
          {TABS.map((t) => (
            <button class={tab === t ? 'on' : ''} data-tab={t} onClick={() => { setTab(t); setSort(null); }}>
              {TAB_LABEL[t]}<span class="n">{counts[t]}</span>
            </button>
          ))}
        </div>
        <input class="search" id="market-search" placeholder="Search pair or asset…" value={search} onInput={(e) => setSearch((e.target as HTMLInputElement).value)} />
        <span class="dim" id="market-count" data-count={rows.length}>{rows.length} of {all.length} pairs</span>
        <div class="spacer" />
        <span class="dim" title="the market watch promotes a scout into focus on 1 h momentum or volume acceleration, and demotes a focus pair that stays quiet">focus: every tick · scouts: each flush</span>
      </div>
      <div class="card mtable">
        <div class="mhead" id="market-head">
          <div title="mover">●</div>
          {COLS.map((c) => (
            <div class={`${c.num ? 'num' : ''} ${col === c.id ? 'on' : ''}`} data-sort={c.id} data-dir={col === c.id ? (dir === 1 ? 'asc' : 'desc') : ''} onClick={() => clickSort(c.id)}>
              {c.label} {col === c.id ? (dir === 1 ? '▲' : '▼') : ''}
            </div>
          ))}
        </div>
        <div class="mscroll" ref={scroller} id="market-scroll">
          <div style={{ height: `${v.getTotalSize()}px`, position: 'relative' }}>
            {v.getVirtualItems().map((item) => {
              const r = rows[item.index];
              if (!r) return null;
              const ch = signClass(r.changePct);
              return (
                <div class={`mrow ${r.focus ? 'focus' : ''}`} key={r.symbol} data-symbol={r.symbol} data-index={item.index} style={{ transform: `translateY(${item.start}px)` }} onClick={() => go('pair', r.symbol)} title={r.mover ?? ''}>
                  <div class="mover">{r.mover ? <span class={ch || 'warn'} data-mover="1">{(r.changePct ?? 0) >= 0 ? '▲' : '▼'}</span> : ''}</div>
                  <div class="sym" data-col="symbol">{r.base}<span class="q">/{r.quote}</span></div>
                  <div class={`num ${ch} ${flashOf(r)}`} data-col="price" data-v={r.last ?? ''} key={`${r.symbol}:${r.last}`}>{roundText(r.last, r.priceDecimals) || '—'}</div>
                  <div class={`num ${ch}`} data-col="change" data-v={r.changePct ?? ''}>{pct(r.changePct)}</div>
                  <div class="num" data-col="volume" data-v={Number.isFinite(quoteVolume(r)) ? quoteVolume(r) : ''}>{compact(Number.isFinite(quoteVolume(r)) ? String(quoteVolume(r)) : null)} <span class="dim">{r.quote}</span></div>
                  <div class="num" data-col="spread" data-v={r.spreadPct ?? ''}>{pct(r.spreadPct, 3, false)}</div>
                  <div class="num up" data-col="bid" data-v={r.bid ?? ''}>{roundText(r.bid, r.priceDecimals) || '—'}</div>
                  <div class="num down" data-col="ask" data-v={r.ask ?? ''}>{roundText(r.ask, r.priceDecimals) || '—'}</div>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </main>
  );
}
