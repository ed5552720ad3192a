import { CandleChart } from '../charts.tsx';
import { amount, assetDecimals, local, pct, roundText, signClass, signed, utc } from '../format.ts';
import { go } from '../nav.ts';
import { useStore, type Section } from '../store.ts';
import { OpenOrders } from './overview.tsx';

const TF_MS: Record<string, number> = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '30m': 1_800_000, '1h': 3_600_000, '4h': 14_400_000, '1d': 86_400_000 };

export function Pair(props: { pair: string }) {
  const s = useStore();
  const st = s.state!;
  const pair = props.pair;
  const row = s.markets.get(pair);
  const inst = st.instruments[pair] ?? (row ? { base: row.base, quote: row.quote, priceDecimals: row.priceDecimals, lotDecimals: row.lotDecimals } : { base: pair.split('/')[0], quote: pair.split('/')[1] ?? '', priceDecimals: 8, lotDecimals: 8 });
  const traded = st.session.pairs.includes(pair);
  const fills = st.fills.filter((f: Section) => f.pair === pair);
  const orders = st.openOrders.filter((o: Section) => o.pair === pair);
  const pos = st.positions.find((p: Section) => p.pair === pair);
  const candles = s.candles.get(pair) ?? [];
  const intervalMs = TF_MS[st.session.timeframe] ?? 3_600_000;
  return (
    <main>
      <div class="toolbar">
        <select class="search" style="width:180px" value={pair} onChange={(e) => go('pair', (e.target as HTMLSelectElement).value)} id="pair-select">
          {st.session.pairs.map((p: string) => <option value={p}>{p}</option>)}
          {!traded && <option value={pair}>{pair}</option>}
        </select>
        {row && (
          <>
            <span class={`stat`} style="padding:0"><span class={`v ${signClass(row.changePct)}`} style="font:600 20px var(--mono)" id="pair-last">{roundText(row.last, inst.priceDecimals)}</span></span>
            <span class={signClass(row.changePct)}>{pct(row.changePct)} 24h</span>
            <span class="dim">bid <span class="up">{roundText(row.bid, inst.priceDecimals)}</span> · ask <span class="down">{roundText(row.ask, inst.priceDecimals)}</span> · spread {pct(row.spreadPct, 3, false)}</span>
          </>
        )}
        <div class="spacer" />
        {pos && <span class="pill">position <b>{amount(pos.qty, inst.base, inst.lotDecimals)}</b> · uPnL <b class={signClass(pos.unrealizedPnl)}>{signed(pos.unrealizedPnl, assetDecimals(inst.quote))}</b></span>}
      </div>
      <div class="card" style="margin-bottom:12px">
        <h2>{pair} · {st.session.timeframe} candles <span class="dim" style="text-transform:none;letter-spacing:0">our fills ▲▼ and open orders (dashed lines)</span></h2>
        {traded ? (
          <CandleChart candles={candles} fills={fills.map((f: Section) => ({ time: f.time, side: f.side, price: roundText(f.price, inst.priceDecimals), qty: roundText(f.qty, inst.lotDecimals) }))} orders={orders.filter((o: Section) => o.limitPrice).map((o: Section) => ({ side: o.side, price: o.limitPrice, label: `${o.side.toUpperCase()} ${roundText(o.qty, inst.lotDecimals)}` }))} priceDecimals={inst.priceDecimals} intervalMs={intervalMs} version={s.version} key={pair} />
        ) : (
          <div class="empty">Candles are kept for the session's pairs ({st.session.pairs.join(', ')}); {pair} is watched on the Markets page only.</div>
        )}
      </div>
      <div class="grid g-2">
        <div class="card">
          <h2>Our fills on {pair}</h2>
          {fills.length === 0 ? <div class="empty">No fills on this pair yet.</div> : (
            <table class="t">
              <thead><tr><th>Time (UTC)</th><th>Side</th><th class="num">Qty</th><th class="num">Price</th><th class="num">Fee</th></tr></thead>
              <tbody>
                {fills.map((f: Section) => (
                  <tr><td title={local(f.time)}>{utc(f.time)}</td><td class={`side-${f.side}`}>{f.side}</td><td class="num">{amount(f.qty, inst.base, inst.lotDecimals)}</td><td class="num">{roundText(f.price, inst.priceDecimals)}</td><td class="num">{amount(f.fee, f.feeAsset)}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div class="card">
          <h2>Open orders on {pair}</h2>
          <OpenOrders orders={orders} inst={() => inst} />
        </div>
      </div>
    </main>
  );
}
