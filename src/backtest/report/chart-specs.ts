import type { DrawdownRow, EquityRow, FillRow, FlowRow, PriceRow } from './chart-data.ts';

/**
 * Vega-Lite specs of the report's charts. Each carries its data in `datasets`, so the compiled
 * Vega view has a data set of the same name (`view.data('equity')`), which the browser test reads.
 * No `$schema` URL: the page embeds with mode 'vega-lite' and fetches nothing.
 */
export type VegaLiteSpec = Record<string, unknown>;

const HEIGHT = 240;
const BUY = '#1a9850';
const SELL = '#d73027';

const timeX = { field: 't', type: 'temporal', title: null, scale: { type: 'utc' }, axis: { labelOverlap: true, labelFlush: true } };
const timeTooltip = { field: 't', type: 'temporal', timeUnit: 'utcyearmonthdatehoursminutes', title: 'time (UTC)' };

const base = {
  width: 'container',
  height: HEIGHT,
  autosize: { type: 'fit-x', contains: 'padding' },
  config: { view: { stroke: null }, axis: { gridColor: '#eceff3', domainColor: '#9aa5b1', tickColor: '#9aa5b1' } },
};

/** Dashed grey: the buy-and-hold benchmark drawn under the strategy's equity. */
const BENCHMARK = '#8896a8';
const EQUITY = '#2b6cb0';

/**
 * Equity line; the benchmark's equity (buy-and-hold of the same pairs) as a dashed line when
 * given, with a legend naming both; deposits (blue) and withdrawals (orange) as dashed
 * vertical rules, if any.
 */
export function equitySpec(rows: EquityRow[], flows: FlowRow[], benchmark?: { label: string; rows: EquityRow[] }): VegaLiteSpec {
  const legend = benchmark ? { datum: 'strategy', scale: { domain: ['strategy', benchmark.label], range: [EQUITY, BENCHMARK] }, legend: { orient: 'top', title: null } } : undefined;
  const line = {
    data: { name: 'equity' },
    mark: { type: 'line', strokeWidth: 1.5, color: EQUITY, tooltip: true },
    encoding: {
      x: timeX,
      y: { field: 'equity', type: 'quantitative', title: 'Equity', scale: { zero: false }, axis: { format: ',.0f' } },
      tooltip: [timeTooltip, { field: 'equity', type: 'quantitative', title: 'equity', format: ',.2f' }],
      ...(legend ? { color: legend } : {}),
    },
  };
  const layers: Record<string, unknown>[] = [];
  const datasets: Record<string, unknown> = { equity: rows };
  if (benchmark) {
    datasets.benchmark = benchmark.rows;
    layers.push({
      data: { name: 'benchmark' },
      mark: { type: 'line', strokeWidth: 1.2, strokeDash: [5, 3], tooltip: true },
      encoding: {
        x: timeX,
        y: { field: 'equity', type: 'quantitative' },
        color: { ...legend, datum: benchmark.label },
        tooltip: [timeTooltip, { field: 'equity', type: 'quantitative', title: benchmark.label, format: ',.2f' }],
      },
    });
  }
  layers.push(line);
  if (flows.length > 0) {
    datasets.flows = flows;
    layers.push({
      data: { name: 'flows' },
      mark: { type: 'rule', strokeDash: [4, 3], strokeWidth: 1.2 },
      encoding: {
        x: timeX,
        color: {
          condition: { test: 'datum.amount >= 0', value: '#3182ce' },
          value: '#dd6b20',
        },
        tooltip: [timeTooltip, { field: 'amount', type: 'quantitative', title: 'deposit (+) / withdrawal (-)', format: ',.2f' }],
      },
    });
  }
  if (layers.length === 1) return { ...base, datasets, ...line };
  return { ...base, datasets, layer: layers };
}

/**
 * Time-axis labels that always carry the year, finer for short spans ("Mar 2021" over years,
 * "05 Mar 2021" over weeks, with the hour over a day or two). Applied to every chart through
 * Vega-Lite's temporal axis config; the scales are UTC, so labels are UTC.
 */
export function timeAxisFormat(spanMs: number): string {
  const day = 86_400_000;
  if (spanMs >= 120 * day) return '%b %Y';
  if (spanMs >= 3 * day) return '%d %b %Y';
  return '%d %b %Y %H:%M';
}

export function withTimeAxis(spec: VegaLiteSpec, format: string): VegaLiteSpec {
  const config = (spec.config ?? {}) as Record<string, unknown>;
  return { ...spec, config: { ...config, axisTemporal: { format, labelOverlap: true } } };
}

export function drawdownSpec(rows: DrawdownRow[]): VegaLiteSpec {
  return {
    ...base,
    height: 160,
    datasets: { drawdown: rows },
    data: { name: 'drawdown' },
    mark: { type: 'area', line: { color: '#c53030', strokeWidth: 1 }, color: '#f6b1b1', opacity: 0.8, tooltip: true },
    encoding: {
      x: timeX,
      y: { field: 'drawdown', type: 'quantitative', title: 'Drawdown', axis: { format: '.0%' }, scale: { domainMax: 0 } },
      tooltip: [timeTooltip, { field: 'drawdown', type: 'quantitative', title: 'drawdown', format: '.2%' }],
    },
  };
}

/** Close price with buy (green triangle up) and sell (red triangle down) markers. */
export function priceSpec(prices: PriceRow[], fills: FillRow[]): VegaLiteSpec {
  return {
    ...base,
    datasets: { prices, fills },
    resolve: { scale: { y: 'shared' } },
    layer: [
      {
        data: { name: 'prices' },
        mark: { type: 'line', strokeWidth: 1, color: '#4a5568' },
        encoding: {
          x: timeX,
          y: { field: 'close', type: 'quantitative', title: 'Price', scale: { zero: false } },
        },
      },
      {
        data: { name: 'fills' },
        mark: { type: 'point', filled: true, size: 70, opacity: 0.9, stroke: 'white', strokeWidth: 0.5 },
        encoding: {
          x: timeX,
          y: { field: 'price', type: 'quantitative' },
          shape: { field: 'side', type: 'nominal', title: null, scale: { domain: ['buy', 'sell'], range: ['triangle-up', 'triangle-down'] } },
          color: { field: 'side', type: 'nominal', title: null, scale: { domain: ['buy', 'sell'], range: [BUY, SELL] }, legend: { orient: 'top' } },
          tooltip: [
            timeTooltip,
            { field: 'side', type: 'nominal' },
            { field: 'price', type: 'quantitative', format: ',.8~f' },
            { field: 'qty', type: 'quantitative', format: ',.8~f' },
            { field: 'fee', type: 'quantitative', format: ',.8~f' },
            { field: 'feeAsset', type: 'nominal', title: 'fee asset' },
          ],
        },
      },
    ],
  };
}
