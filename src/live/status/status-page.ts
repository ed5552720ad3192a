/** The status page: one self-contained HTML document that polls /status.json (no external assets). */
export const STATUS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>krakenbt live</title><link rel="icon" href="data:,">
<style>
body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}h1{font-size:1.2em}h2{font-size:1em;margin-top:1.4em}
table{border-collapse:collapse}td,th{padding:2px 10px;border-bottom:1px solid #ddd;text-align:left}.num{text-align:right;font-variant-numeric:tabular-nums}
.bad{color:#b00}.ok{color:#070}#curve{border:1px solid #ccc}#curve text{font:11px system-ui,sans-serif;fill:#555}
</style></head><body>
<h1 id="title">krakenbt live</h1>
<div id="summary"></div>
<h2>Connection</h2><div id="health"></div>
<h2>Balances</h2><table id="balances"></table>
<h2>Positions</h2><table id="positions"></table>
<h2>Open orders</h2><table id="orders"></table>
<h2>Recent fills</h2><table id="fills"></table>
<h2>Equity</h2><svg id="curve" width="600" height="180"></svg>
<script>
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
const NUMERIC = new Set(['balance', 'qty', 'lastPrice', 'limitPrice', 'price', 'fee', 'realizedPnl']);
function table(id, rows, cols) {
  const cls = (c) => (NUMERIC.has(c) ? ' class="num"' : '');
  const head = '<tr>' + cols.map((c) => '<th' + cls(c) + '>' + esc(c) + '</th>').join('') + '</tr>';
  document.getElementById(id).innerHTML = head + rows.map((r) => '<tr>' + cols.map((c) => '<td' + cls(c) + '>' + esc(r[c] ?? '') + '</td>').join('') + '</tr>').join('');
}
function curve(points) {
  const svg = document.getElementById('curve');
  if (points.length < 2) { svg.innerHTML = ''; return; }
  const xs = points.map((p) => p.time), ys = points.map((p) => p.equity);
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
  // Plot area x 70..590, y 8..150; labels: equity range on the left, time range below.
  const px = (x) => 70 + (520 * (x - x0)) / (x1 - x0 || 1), py = (y) => 150 - (142 * (y - y0)) / (y1 - y0 || 1);
  const day = (t) => new Date(t).toISOString().slice(0, 16).replace('T', ' ');
  svg.innerHTML = '<polyline fill="none" stroke="#36c" points="' + points.map((p) => px(p.time) + ',' + py(p.equity)).join(' ') + '"/>' +
    '<text x="4" y="14">' + y1.toFixed(2) + '</text><text x="4" y="150">' + y0.toFixed(2) + '</text>' +
    '<text x="70" y="170">' + day(x0) + '</text><text x="590" y="170" text-anchor="end">' + day(x1) + ' UTC</text>';
}
async function refresh() {
  try {
    const s = await (await fetch('status.json', { cache: 'no-store' })).json();
    document.getElementById('title').textContent = 'krakenbt live: ' + s.mode + ' ' + s.strategy.replace(/^.*[\\\\/]/, '') + ' ' + s.pairs.join(',') + ' ' + s.timeframe;
    document.getElementById('summary').innerHTML = 'trading mode <b id="trading-mode">' + esc(s.tradingMode) + '</b> &middot; equity <b id="equity">' + s.equity.toFixed(2) +
      '</b> &middot; realized PnL <b id="realized">' + esc(s.realizedPnl) + '</b> &middot; unrealized PnL <b id="unrealized">' + esc(s.unrealizedPnl ?? '-') +
      '</b> &middot; journal <span id="journal">' + s.journalEntries + '</span> entries &middot; hash <code>' + esc(s.hash.slice(0, 16)) + '</code>';
    const h = s.health;
    document.getElementById('health').innerHTML = 'market feed <b id="feed" class="' + (h.publicState === 'subscribed' ? 'ok' : 'bad') + '">' + esc(h.publicState) + '</b>' +
      (h.privateState ? ' &middot; private <b>' + esc(h.privateState) + '</b>' : '') + ' &middot; reconnects ' + h.reconnects + ' &middot; late trades ' + h.lateTrades +
      (h.lastError ? ' &middot; <span class="bad">' + esc(h.lastError) + '</span>' : '') +
      (h.unknownValues && Object.keys(h.unknownValues).length ? ' &middot; unknown Kraken values ' + esc(JSON.stringify(h.unknownValues)) : '') +
      (Object.keys(s.balanceDrift).length ? ' &middot; <span class="bad">balance drift ' + esc(JSON.stringify(s.balanceDrift)) + '</span>' : '');
    table('balances', Object.entries(s.balances).map(([asset, balance]) => ({ asset, balance })), ['asset', 'balance']);
    table('positions', s.positions, ['pair', 'qty', 'lastPrice']);
    table('orders', s.openOrders, ['clientId', 'pair', 'side', 'type', 'qty', 'limitPrice', 'status', 'venueState']);
    table('fills', s.recentFills.map((f) => ({ ...f, time: new Date(f.time).toISOString() })), ['time', 'clientId', 'pair', 'side', 'qty', 'price', 'fee', 'realizedPnl']);
    curve(s.equityCurve);
    document.body.dataset.updated = String(Date.now());
  } catch (e) {
    document.getElementById('health').innerHTML = '<span class="bad">runner unreachable</span>';
  }
}
refresh();
setInterval(refresh, 1000);
</script></body></html>`;
