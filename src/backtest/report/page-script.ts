/**
 * The report page's own script (a classic inline script, ES5-safe). It reads the charts from
 * the JSON data element, embeds each with vega-embed (SVG, no action links: nothing to fetch),
 * exposes the views as window.__reportViews[id] for tests and the curious, and sets
 * <html data-report-state> to "ready" or "error" when all charts have settled.
 */
export const PAGE_SCRIPT = `
(function () {
  'use strict';
  var root = document.documentElement;
  var views = {};
  window.__reportViews = views;
  function fail(where, err) {
    root.setAttribute('data-report-state', 'error');
    var box = document.createElement('p');
    box.className = 'error';
    box.textContent = 'Chart failed to render: ' + (err && err.message ? err.message : String(err));
    (where || document.body).appendChild(box);
    console.error(err);
  }
  try {
    var payload = JSON.parse(document.getElementById('report-data').textContent);
    var jobs = payload.charts.map(function (chart) {
      var el = document.getElementById(chart.id);
      return vegaEmbed(el, chart.spec, { mode: 'vega-lite', renderer: 'svg', actions: false })
        .then(function (result) { views[chart.id] = result.view; }, function (err) { fail(el, err); throw err; });
    });
    Promise.all(jobs).then(function () { root.setAttribute('data-report-state', 'ready'); }, function () {});
  } catch (err) {
    fail(null, err);
  }
})();
`;
