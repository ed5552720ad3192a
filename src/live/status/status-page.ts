/** The status page: one self-contained HTML document that polls /status.json (no external assets). */
export const STATUS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>krakenbt live</title>
<style>
body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}h1{font-size:1.2em}h2{font-size:1em;margin-top:1.4em}
table{border-collapse:collapse}td,th{padding:2px 10px;border-bottom:1px solid #ddd;text-align:right}th{text-align:left}
.bad{color:#b00}.ok{color:#070}#curve{border:1px solid #ccc}
</style></head><body>
<h1 id="title">krakenbt live</h1>
<div id="summary"></div>
<h2>Connection</h2><div id="health"></div>
<h2>Balances</h2><table id="balances"></table>
<h2>Positions</h2><table id="positions"></table>
<h2>Open orders</h2><table id="orders"></table>
<h2>Recent fills</h2><table id="fills"></table>
<h2>Equity</h2><svg id="curve" width="600" height="160"></svg>
<script>
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
function table(id, rows, cols) {
  const head = '<tr>' + cols.map((c) => '<th>' + esc(c) + '</th>').join('') + '</tr>';
  document.getElementById(id).innerHTML = head + rows.map((r) => '<tr>' + cols.map((c) => '<td>' + esc(r[c] ?? '') + '</td>').join('') + '</tr>').join('');
}
function curve(points) {
  const svg = document.getElementById('curve');
  if (points.length < 2) { svg.innerHTML = ''; return; }
  const xs = points.map((p) => p.time), ys = points.map((p) => p.equity);
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
  const px = (x) => 5 + (590 * (x - x0)) / (x1 - x0 || 1), py = (y) => 155 - (150 * (y - y0)) / (y1 - y0 || 1);
  svg.innerHTML = '<polyline fill="none" stroke="#36c" points="' + points.map((p) => px(p.time) + ',' + py(p.equity)).join(' ') + '"/>';
}
async function refresh() {
  try {
    const s = await (await fetch('status.json', { cache: 'no-store' })).json();
    document.getElementById('title').textContent = 'krakenbt live: ' + s.mode + ' ' + s.strategy + ' ' + s.pairs.join(',') + ' ' + s.timeframe;
    document.getElementById('summary').innerHTML = 'trading mode <b id="trading-mode">' + esc(s.tradingMode) + '</b> &middot; equity <b id="equity">' + s.equity.toFixed(2) +
      '</b> &middot; realized PnL <b id="realized">' + esc(s.realizedPnl) + '</b> &middot; unrealized PnL <b id="unrealized">' + esc(s.unrealizedPnl ?? '-') +
      '</b> &middot; journal <span id="journal">' + s.journalEntries + '</span> entries &middot; hash <code>' + esc(s.hash.slice(0, 16)) + '</code>';
    const h = s.health;
    document.getElementById('health').innerHTML = 'market feed <b id="feed" class="' + (h.publicState === 'subscribed' ? 'ok' : 'bad') + '">' + esc(h.publicState) + '</b>' +
      (h.privateState ? ' &middot; private <b>' + esc(h.privateState) + '</b>' : '') + ' &middot; reconnects ' + h.reconnects + ' &middot; late trades ' + h.lateTrades +
      (h.lastError ? ' &middot; <span class="bad">' + esc(h.lastError) + '</span>' : '') +
      (Object.keys(s.balanceDrift).length ? ' &middot; <span class="bad">balance drift ' + esc(JSON.stringify(s.balanceDrift)) + '</span>' : '');
    table('balances', Object.entries(s.balances).map(([asset, balance]) => ({ asset, balance })), ['asset', 'balance']);
    table('positions', s.positions, ['pair', 'qty', 'lastPrice']);
    table('orders', s.openOrders, ['clientId', 'pair', 'side', 'type', 'qty', 'status', 'venueState']);
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
