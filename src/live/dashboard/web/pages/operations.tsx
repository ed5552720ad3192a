import { local, utc } from '../format.ts';
import { useStore, type Section } from '../store.ts';
import { StrategyHaltButton } from '../strategy-halt.tsx';

const dot = (state: string) => (state === 'subscribed' || state === 'connected' ? 'ok' : state === 'connecting' || state === 'reconnecting' ? 'warn' : 'bad');

export function Operations() {
  const s = useStore();
  const o = s.state!.ops;
  const rest = o.rest as Section | null;
  return (
    <main>
      <div class="grid" style="grid-template-columns: repeat(3, minmax(0,1fr)); margin-bottom:12px">
        <div class="card">
          <h2>Connections</h2>
          <table class="t" id="connections">
            <tbody>
              {(o.connections as Section[]).map((c) => (
                <tr data-conn={c.name}><td>{c.name}</td><td><span class={`dot ${dot(c.state)}`} /> {c.state}</td></tr>
              ))}
              <tr><td>reconnects</td><td class="num">{o.reconnects}</td></tr>
              <tr><td>last market trade</td><td title={local(o.lastTradeAt)}>{utc(o.lastTradeAt)}</td></tr>
              <tr><td>last error</td><td class={o.lastError ? 'down' : 'dim'}>{o.lastError ?? 'none'}</td></tr>
            </tbody>
          </table>
        </div>
        <div class="card">
          <h2>Rate counters</h2>
          {rest ? (
            <table class="t" id="rate-counters">
              <tbody>
                <tr><td>REST API counter ({rest.tier})</td><td class="num">{rest.apiCounter.toFixed(2)} / {rest.apiMax}</td></tr>
                {Object.entries(rest.matchingEngine as Record<string, number>).map(([p, v]) => (
                  <tr><td>trading counter {p}</td><td class="num">{v.toFixed(2)} / {rest.engineMax}</td></tr>
                ))}
              </tbody>
            </table>
          ) : <div class="empty">The runner was started without a shared rate limiter.</div>}
          <h2 style="border-top:1px solid var(--line)">Feed quality</h2>
          <table class="t" id="feed-quality">
            <tbody>
              <tr><td>late trades</td><td class="num">{o.lateTrades}</td></tr>
              <tr><td>partial bars dropped</td><td class="num">{o.partialBarsDropped}</td></tr>
              <tr><td>unknown Kraken values (runner)</td><td class={Object.keys(o.unknownValues ?? {}).length ? 'down' : 'dim'} id="unknown-values">{Object.keys(o.unknownValues ?? {}).length ? Object.entries(o.unknownValues as Record<string, number>).map(([k, v]) => `${k} ${v}`).join(', ') : 'none'}</td></tr>
              {o.deadmanVia && <tr><td>dead man's switch armed via</td><td>{o.deadmanVia}</td></tr>}
              {o.unknownFrames && <tr><td>unusable frames (dashboard feed)</td><td class="num">{Object.values(o.unknownFrames as Record<string, number>).reduce((a, b) => a + b, 0)}{Object.keys(o.unknownFrames).length ? ` (${Object.entries(o.unknownFrames).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}</td></tr>}
            </tbody>
          </table>
        </div>
        <div class="card">
          <h2>Reconciliation &amp; journal</h2>
          <table class="t" id="reconciliation">
            <tbody>
              <tr><td>reconciliations</td><td class="num">{o.reconciliations}</td></tr>
              <tr><td>corrections</td><td class="num">{o.corrections}</td></tr>
              <tr><td>balance drift</td><td class={Object.keys(o.balanceDrift).length ? 'down' : 'up'}>{Object.keys(o.balanceDrift).length ? JSON.stringify(o.balanceDrift) : 'none'}</td></tr>
              <tr><td>journal entries</td><td class="num" id="journal">{o.journal.entries}</td></tr>
              <tr><td>event-log hash</td><td><code title={o.journal.hash}>{String(o.journal.hash).slice(0, 16)}…</code></td></tr>
              <tr><td>journal</td><td><code>{o.journal.path}</code></td></tr>
            </tbody>
          </table>
          <h2 style="border-top:1px solid var(--line)">Strategy halts</h2>
          <table class="t" id="strategy-halts">
            <tbody>
              {(s.state!.strategies as Section[]).map((x) => {
                const h = (o.strategyHalts as Section[]).find((y) => y.strategy === x.id);
                return (
                  <tr data-strategy={x.id} data-halted={x.halted ? 'yes' : 'no'}>
                    <td>{x.id}</td>
                    <td class={x.halted ? 'down' : 'up'}>{x.halted ? 'halted' : 'trading'}</td>
                    <td class="dim" style="white-space:normal">{h?.reason ?? (x.halted ? x.haltReason : '')}</td>
                    <td class="num"><StrategyHaltButton strategy={x} /></td>
                  </tr>
                );
              })}
              {(o.strategyHalts as Section[]).filter((y) => !(s.state!.strategies as Section[]).some((x) => x.id === y.strategy)).map((y) => (
                <tr data-strategy={y.strategy} data-halted="yes"><td>{y.strategy}</td><td class="down">{y.kind}</td><td class="dim" style="white-space:normal">{y.reason}</td><td /></tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div class="grid g-2">
        <div class="card">
          <h2>Recent log lines</h2>
          <div class="log" id="log-lines">
            {(o.logs as Section[]).length === 0 ? <div class="dim">No log lines captured.</div> : (o.logs as Section[]).map((l) => (
              <div class={`lv${l.level}`} title={JSON.stringify(l)}>{l.time ? utc(Number(l.time)) : ''} {l.msg} <span class="dim">{Object.entries(l).filter(([k]) => !['level', 'time', 'msg', 'pid', 'hostname', 'name'].includes(k)).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' ')}</span></div>
            ))}
          </div>
        </div>
        <div class="card">
          <h2>Market watch {o.watch && <span class="dim" style="text-transform:none;letter-spacing:0">({o.watch.focus} focus of {o.watch.universe} pairs)</span>}</h2>
          {!o.watch || o.watch.decisions.length === 0 ? <div class="empty">No watch decisions yet.</div> : (
            <table class="t" id="watch-decisions">
              <tbody>
                {(o.watch.decisions as Section[]).map((d) => (
                  <tr><td title={local(d.at)}>{utc(d.at, false)}</td><td class={d.kind === 'promote' ? 'up' : d.kind === 'demote' ? 'dim' : 'warn'}>{d.kind}</td><td>{d.symbol}</td><td class="dim" style="white-space:normal">{d.reasons.join('; ')}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </main>
  );
}
