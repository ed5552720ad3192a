import { EquityChart } from '../charts.tsx';
import { amount, assetDecimals, local, pct, roundText, signClass, signed, utc } from '../format.ts';
import { go } from '../nav.ts';
import { useStore, type Section } from '../store.ts';
import type { MarketRow } from '../../wire.ts';
import { StrategyHaltButton } from '../strategy-halt.tsx';

function Stat(props: { k: string; v: string; cls?: string; id: string; sub?: string }) {
  return (
    <div class="card stat">
      <div class="k">{props.k}</div>
      <div class={`v ${props.cls ?? ''}`} id={props.id}>
        {props.v}
        {props.sub && <small>{props.sub}</small>}
      </div>
    </div>
  );
}

export function FocusTiles(props: { rows: MarketRow[] }) {
  if (!props.rows.length) return <div class="empty">No focus pairs yet (the market feed has not delivered).</div>;
  return (
    <div class="grid g-tiles" id="focus-tiles">
      {props.rows.map((r) => (
        <div class="tile" data-symbol={r.symbol} onClick={() => go('pair', r.symbol)} title={r.mover ?? ''}>
          <div class="sym">
            <span>{r.symbol}</span>
            <span class={signClass(r.changePct)}>{pct(r.changePct)}</span>
          </div>
          <div class={`px ${signClass(r.changePct)}`}>{roundText(r.last, r.priceDecimals) || '—'}</div>
          <div class="ba">
            <span>B {roundText(r.bid, r.priceDecimals) || '—'}</span>
            <span>A {roundText(r.ask, r.priceDecimals) || '—'}</span>
          </div>
          <div class="ba">
            <span>spread {pct(r.spreadPct, 3, false)}</span>
            <span>{r.mover ? '▲ mover' : ''}</span>
          </div>
        </div>
      ))}
    </div>
  );
}

export function Overview() {
  const s = useStore();
  const st = s.state!;
  const a = st.account;
  const q = a.quote as string;
  const qd = assetDecimals(q);
  const inst = (pair: string) => st.instruments[pair] ?? { priceDecimals: 8, lotDecimals: 8, base: pair.split('/')[0], quote: pair.split('/')[1] };
  const focus = [...s.markets.values()].filter((r) => r.focus).sort((x, y) => x.symbol.localeCompare(y.symbol));
  return (
    <main>
      <div class="grid" style="grid-template-columns: repeat(6, minmax(0,1fr)); margin-bottom:12px">
        <Stat k="Equity" id="equity" v={amount(a.equity, q)} />
        <Stat k="Cash" id="cash" v={amount(a.cash, q)} />
        <Stat k="Unrealized PnL" id="unrealized" v={signed(a.unrealizedPnl, qd)} sub={q} cls={signClass(a.unrealizedPnl)} />
        <Stat k="Realized PnL" id="realized" v={signed(a.realizedPnl, qd)} sub={q} cls={signClass(a.realizedPnl)} />
        <Stat k="Fees paid" id="fees" v={amount(a.fees, q)} />
        <Stat k="Open orders" id="open-count" v={String(st.openOrders.length)} sub={st.fills.length ? `last fill ${utc(st.fills[0].time, false).slice(5)}` : 'no fills yet'} />
      </div>
      <div class="grid g-2" style="margin-bottom:12px">
        <div class="card">
          <h2>Equity curve <span class="dim" style="text-transform:none;letter-spacing:0">({s.equity.length} samples, {q})</span></h2>
          <EquityChart points={s.equity} version={s.version} />
        </div>
        <div class="card">
          <h2>Per strategy</h2>
          <table class="t" id="strategies">
            <thead>
              <tr><th>Strategy</th><th class="num">Fills</th><th class="num">Open</th><th class="num" title="cash flow of its fills plus its positions at the last marks, fees included">PnL</th><th class="num">Fees</th><th class="num" title="time-weighted position value over equity">Exposure</th><th /></tr>
            </thead>
            <tbody>
              {st.strategies.map((x: Section) => (
                <tr data-strategy={x.id} data-halted={x.halted ? 'yes' : 'no'}>
                  <td title={x.haltReason ?? ''}>{x.id}{x.halted && <span class="down strategy-state"> halted</span>}</td>
                  <td class="num">{x.fills}</td>
                  <td class="num">{x.open}</td>
                  <td class={`num ${signClass(x.pnl)}`}>{signed(x.pnl, qd)}</td>
                  <td class="num">{roundText(x.fees, qd)}</td>
                  <td class="num">{(Number(x.exposure) * 100).toFixed(1)}%</td>
                  <td class="num"><StrategyHaltButton strategy={x} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2 style="border-top:1px solid var(--line)">Balances</h2>
          <table class="t" id="balances">
            <tbody>
              {Object.entries(a.balances as Record<string, string>).map(([asset, v]) => (
                <tr data-asset={asset}><td>{asset}</td><td class="num">{amount(v, asset)}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div class="card" style="margin-bottom:12px">
        <h2>Positions</h2>
        <table class="t" id="positions">
          <thead>
            <tr><th>Pair</th><th class="num">Quantity</th><th class="num">Avg price</th><th class="num">Last</th><th class="num">Value</th><th class="num">Unrealized PnL</th><th class="num">Realized PnL</th></tr>
          </thead>
          <tbody>
            {st.positions.map((p: Section) => {
              const i = inst(p.pair);
              return (
                <tr data-pair={p.pair} onClick={() => go('pair', p.pair)} style="cursor:pointer">
                  <td><b>{p.pair}</b></td>
                  <td class="num">{amount(p.qty, p.base, i.lotDecimals)}</td>
                  <td class="num">{p.avgPrice ? roundText(p.avgPrice, i.priceDecimals) : '—'}</td>
                  <td class="num">{p.lastPrice ? roundText(p.lastPrice, i.priceDecimals) : '—'}</td>
                  <td class="num">{amount(p.value, p.quote)}</td>
                  <td class={`num ${signClass(p.unrealizedPnl)}`}>{signed(p.unrealizedPnl, assetDecimals(p.quote))}</td>
                  <td class={`num ${signClass(p.realizedPnl)}`}>{signed(p.realizedPnl, assetDecimals(p.quote))}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div class="grid g-2" style="margin-bottom:12px">
        <div class="card">
          <h2>Recent fills</h2>
          {st.fills.length === 0 ? (
            <div class="empty">No fills yet.</div>
          ) : (
            <table class="t" id="fills" data-count={st.fills.length} data-last={st.fills[0]?.execId}>
              <thead>
                <tr><th>Time (UTC)</th><th>Pair</th><th>Side</th><th class="num">Qty</th><th class="num">Price</th><th class="num">Fee</th><th class="num">Realized</th><th>Order</th></tr>
              </thead>
              <tbody>
                {st.fills.map((f: Section) => {
                  const i = inst(f.pair);
                  return (
                    <tr data-exec={f.execId}>
                      <td title={local(f.time)}>{utc(f.time)}</td>
                      <td>{f.pair}</td>
                      <td class={`side-${f.side}`}>{f.side}</td>
                      <td class="num">{amount(f.qty, i.base, i.lotDecimals)}</td>
                      <td class="num">{roundText(f.price, i.priceDecimals)}</td>
                      <td class="num">{amount(f.fee, f.feeAsset)}</td>
                      <td class={`num ${signClass(f.realizedPnl)}`}>{signed(f.realizedPnl, assetDecimals(i.quote))}</td>
                      <td><code>{f.clientId}</code></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </div>
        <div class="card">
          <h2>Open orders</h2>
          <OpenOrders orders={st.openOrders} inst={inst} />
        </div>
      </div>
      <div class="card">
        <h2>Focus <span class="dim" style="text-transform:none;letter-spacing:0">(market watch: session pairs and promoted movers, full rate)</span></h2>
        <div class="body">
          <FocusTiles rows={focus} />
        </div>
      </div>
    </main>
  );
}

export function OpenOrders(props: { orders: Section[]; inst: (p: string) => { priceDecimals: number; lotDecimals: number; base: string; quote: string } }) {
  if (!props.orders.length) return <div class="empty">No open orders.</div>;
  return (
    <table class="t" id="orders">
      <thead>
        <tr><th>Order</th><th>Pair</th><th>Side / type</th><th class="num">Qty</th><th class="num">Limit</th><th>Status</th></tr>
      </thead>
      <tbody>
        {props.orders.map((o) => {
          const i = props.inst(o.pair);
          return (
            <tr data-cid={o.clientId}>
              <td><code>{o.clientId}</code></td>
              <td>{o.pair}</td>
              <td><span class={`side-${o.side}`}>{o.side}</span> <span class="dim">{o.type}</span></td>
              <td class="num">{roundText(o.qty, i.lotDecimals)}</td>
              <td class="num">{o.limitPrice ? roundText(o.limitPrice, i.priceDecimals) : 'market'}</td>
              <td>{o.status}{o.venueState ? ` / ${o.venueState}` : ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
