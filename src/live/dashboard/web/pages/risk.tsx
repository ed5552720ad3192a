import { ControlButton } from '../controls.tsx';
import { amount, assetDecimals } from '../format.ts';
import { useStore, type Section } from '../store.ts';

function show(v: number, unit: string): string {
  return unit === 'pct' ? `${(v * 100).toFixed(2)}%` : amount(String(v), unit, assetDecimals(unit));
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
              {(risk.rules as Section[]).map((r) => {
                const used = r.limit ? r.value / r.limit : null;
                const cls = used === null ? '' : used >= 1 ? 'bad' : used >= 0.8 ? 'warn' : '';
                return (
                  <tr data-rule={r.id}>
                    <td>{r.name}</td>
                    <td class="num" data-v={r.value}>{show(r.value, r.unit)}</td>
                    <td class="num">{r.limit === null ? <span class="dim">no limit set</span> : show(r.limit, r.unit)}</td>
                    <td>{used === null ? <span class="dim">—</span> : <div class={`bar ${cls}`} title={`${(used * 100).toFixed(1)}% of the limit`}><i style={{ width: `${Math.min(100, used * 100)}%` }} /></div>}</td>
                    <td class="dim">{r.detail}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
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
