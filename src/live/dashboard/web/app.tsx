import { useEffect, useState } from 'preact/hooks';
import { TokenBox, Toast } from './controls.tsx';
import { local, utc } from './format.ts';
import { Markets } from './pages/markets.tsx';
import { Operations } from './pages/operations.tsx';
import { Overview } from './pages/overview.tsx';
import { Pair } from './pages/pair.tsx';
import { Risk } from './pages/risk.tsx';
import { useStore } from './store.ts';

const PAGES = [
  ['overview', 'Overview'],
  ['markets', 'Markets'],
  ['pair', 'Pair'],
  ['risk', 'Risk'],
  ['operations', 'Operations'],
] as const;

function route(): { page: string; arg: string } {
  const [page, ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  return { page: PAGES.some(([p]) => p === page) ? page : 'overview', arg: decodeURIComponent(rest.join('/')) };
}

export function App() {
  const s = useStore();
  const [r, setRoute] = useState(route());
  useEffect(() => {
    const on = () => setRoute(route());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  useEffect(() => {
    document.body.dataset.page = r.page;
  }, [r.page]);
  const st = s.state;
  const feed = st?.ops.connections?.[0]?.state;
  const pair = r.page === 'pair' ? r.arg || st?.session.pairs?.[0] || '' : '';
  return (
    <>
      <header class="top">
        <div class="brand">
          krakenbt<span>{st ? `${st.session.mode} · ${st.session.strategy} · ${st.session.pairs.join(', ')} · ${st.session.timeframe}` : 'connecting…'}</span>
        </div>
        <nav class="tabs">
          {PAGES.map(([p, label]) => (
            <a href={`#/${p}${p === 'pair' && pair ? `/${encodeURIComponent(pair)}` : ''}`} class={r.page === p ? 'on' : ''} data-page={p}>
              {label}
            </a>
          ))}
        </nav>
        <div class="spacer" />
        {st && (
          <>
            <span class="pill">
              mode <b id="trading-mode" class={`mode ${st.session.tradingMode}`}>{st.session.tradingMode}</b>
            </span>
            <span class="pill" title={local(st.session.clock)}>
              <span class={`dot ${feed === 'subscribed' ? 'ok' : 'bad'}`} /> feed <b id="feed-state">{feed}</b> · {utc(st.session.clock, false)}
            </span>
            <TokenBox enabled={st.session.controlEnabled} />
          </>
        )}
        <span class="pill" id="push-state">
          <span class={`dot ${s.connected ? 'ok' : 'bad'}`} />
          {s.connected ? 'live' : 'disconnected'}
        </span>
      </header>
      {!st ? (
        <main>
          <div class="empty">Waiting for the runner…</div>
        </main>
      ) : r.page === 'markets' ? (
        <Markets />
      ) : r.page === 'pair' ? (
        <Pair pair={pair} />
      ) : r.page === 'risk' ? (
        <Risk />
      ) : r.page === 'operations' ? (
        <Operations />
      ) : (
        <Overview />
      )}
      <Toast />
    </>
  );
}
