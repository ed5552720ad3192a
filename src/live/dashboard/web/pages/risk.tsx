import { ControlButton } from '../controls.tsx';
import { amount, assetDecimals } from '../format.ts';
import { useStore, type Section } from '../store.ts';

function show(v: number, unit: string): string {
  if (unit === 'ratio') return v.toFixed(3);
  return unit === 'pct' ? `${(v * 100).toFixed(2)}%` : amount(String(v), unit, assetDecimals(unit));
}

/** A value against its limit: the share of the limit used as a bar (red at or over it, amber from 80 %). */
function Used(props: { value: number | null; limit: number | null }) {
  const used = props.limit && props.value !== null ? Math.max(0, props.value) / props.limit : null;
  const cls = used === null ? '' : used >= 1 ? 'bad' : used >= 0.8 ? 'warn' : '';
  return used === null ? <span class="dim">—</span> : <div class={`bar ${cls}`} title={`${(used * 100).toFixed(1)}% of the limit`}><i style={{ width: `${Math.min(100, used * 100)}%` }} /></div>;
}

function Cell(props: { value: number | null; limit: number | null; unit: string; id: string }) {
  return (
    <td class="num" data-col={props.id} data-v={props.value ?? ''} data-limit={props.limit ?? ''}>
      {props.value === null ? <span class="dim">n/a</span> : show(props.value, props.unit)}
      <span class="dim"> / {props.limit === null ? 'no limit' : show(props.limit, props.unit)}</span>
    </td>
  );
}

function Budgets(props: { rows: Section[] }) {
  return (
    <table class="t" id="risk-budgets">
      <thead>
        <tr><th>Strategy</th><th class="num">Exposure / budget</th><th>Use</th><th class="num">Loss today / budget</th><th class="num">Orders last hour / budget</th></tr>
      </thead>
      <tbody>
        {props.rows.map((b) => (
          <tr data-strategy={b.strategy}>
            <td>{b.strategy}</td>
            <Cell id="exposure" value={b.exposure} limit={b.maxExposure} unit="pct" />
            <td><Used value={b.exposure} limit={b.maxExposure} /></td>
            <Cell id="daily-loss" value={b.dailyLoss} limit={b.maxDailyLoss} unit="pct" />
            <td class="num" data-col="orders" data-v={b.ordersLastHour ?? ''}>{b.ordersLastHour ?? <span class="dim">n/a</span>}<span class="dim"> / {b.maxOrdersPerHour ?? 'no limit'}</span></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Risk() {
  const s = useStore();
  const st = s.state!;
  const risk = st.risk;
  const mode = risk.tradingMode as string;
  return (
    <main>
      <div class="grid g-2">
        <div class="card">
          <h2>Risk rules — current value against limit</h2>
          <table class="t" id="risk-rules">
            <thead>
              <tr><th>Rule</th><th class="num">Value</th><th class="num">Limit</th><th>Use of limit</th><th>Detail</th></tr>
            </thead>
            <tbody>
              {(risk.rules as Section[]).map((r) => (
                <tr data-rule={r.id}>
                  <td>{r.name}</td>
                  <td class="num" data-v={r.value ?? ''}>{r.value === null ? <span class="dim">n/a</span> : show(r.value, r.unit)}</td>
                  <td class="num">{r.limit === null ? <span class="dim">no limit set</span> : show(r.limit, r.unit)}</td>
                  <td><Used value={r.value} limit={r.limit} /></td>
                  <td class="dim">{r.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2 style="border-top:1px solid var(--line)">Per-strategy budgets</h2>
          <Budgets rows={(risk.budgets ?? []) as Section[]} />
          {Object.keys(risk.drift ?? {}).length > 0 && <div class="body down">Balance drift against the venue: {JSON.stringify(risk.drift)}</div>}
        </div>
        <div class="card">
          <h2>Kill switch</h2>
          <div class="body">
            <div style="display:flex;align-items:center;gap:12px;margin-bottom:14px">
              <span class="dim">Trading mode</span>
              <span class={`mode ${mode}`} id="risk-mode">{mode}</span>
            </div>
            <div style="display:flex;flex-wrap:wrap;gap:8px">
              <ControlButton action="halt" label="Halt trading" tone="red" explain="Cancels every open order and refuses new ones until resumed." />
              <ControlButton action="cancel-all" label="Cancel all orders" tone="amber" explain="Cancels every open order; the trading mode stays as it is (the strategy may place new orders on its next bar)." />
              <ControlButton action="reduce-only" label="Reduce only" tone="amber" explain="Only orders that reduce a position are accepted." />
              <ControlButton action="resume" label="Resume" tone="green" explain="Back to active trading." />
            </div>
            <p class="dim" style="margin-top:14px">
              Each action needs the control token (written with mode 0600 next to the journal when the runner runs with <code>--control</code>), is confirmed here, and is journaled as a
              <code> mode</code> input, so a replay repeats it.
            </p>
          </div>
        </div>
      </div>
    </main>
  );
}
