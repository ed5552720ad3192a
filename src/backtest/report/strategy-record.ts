import type { VegaLiteSpec } from './chart-specs.ts';
import { minMaxIndices } from './downsample.ts';
import { escapeHtml } from './escape.ts';
import type { RecordedSeries } from './report-input.ts';

/**
 * What a strategy recorded with ctx.record, drawn for people: a text series (a regime, the
 * chosen strategies) becomes a timeline band, one coloured span per value from the time it
 * was recorded to the next record (the last one to the end of the run); numeric series are
 * lines, grouped into one chart per name prefix ("alloc.trend-follower" and
 * "alloc.recovery" share the "alloc" chart). Rejected orders are counted by reason code.
 */

export interface BandRow { t: number; t2: number; value: string }
export interface SeriesRow { t: number; series: string; value: number }

export interface RecordChart {
  readonly id: string;
  readonly heading: string;
  readonly spec: VegaLiteSpec;
}

const timeX = { field: 't', type: 'temporal', title: null, scale: { type: 'utc' }, axis: { labelOverlap: true, labelFlush: true } };
const timeTooltip = { field: 't', type: 'temporal', timeUnit: 'utcyearmonthdatehoursminutes', title: 'from (UTC)' };
const base = { width: 'container', autosize: { type: 'fit-x', contains: 'padding' }, config: { view: { stroke: null }, axis: { gridColor: '#eceff3', domainColor: '#9aa5b1', tickColor: '#9aa5b1' } } };

/** Known regime colours; other values get the default palette. */
const REGIME_COLORS: Readonly<Record<string, string>> = { 'risk-on': '#38a169', neutral: '#a0aec0', 'risk-off': '#dd6b20', panic: '#c53030' };

/** Collapses a text series into spans of equal consecutive values. */
export function bandRows(s: RecordedSeries, end: number): BandRow[] {
  const rows: BandRow[] = [];
  for (let i = 0; i < s.time.length; i++) {
    const value = String(s.value[i]);
    const last = rows.at(-1);
    if (last && last.value === value) continue;
    if (last) last.t2 = s.time[i];
    rows.push({ t: s.time[i], t2: Math.max(end, s.time[i]), value });
  }
  return rows;
}

export function bandSpec(name: string, rows: BandRow[]): VegaLiteSpec {
  const values = [...new Set(rows.map((r) => r.value))];
  const known = values.every((v) => v in REGIME_COLORS);
  const color: Record<string, unknown> = { field: 'value', type: 'nominal', title: null, legend: { orient: 'top' } };
  if (known) color.scale = { domain: values, range: values.map((v) => REGIME_COLORS[v]) };
  return {
    ...base,
    height: 46,
    datasets: { [name]: rows },
    data: { name },
    mark: { type: 'rect', tooltip: true },
    encoding: {
      x: timeX,
      x2: { field: 't2' },
      color,
      tooltip: [timeTooltip, { field: 't2', type: 'temporal', timeUnit: 'utcyearmonthdatehoursminutes', title: 'until (UTC)' }, { field: 'value', type: 'nominal', title: name }],
    },
  };
}

/** Lines of numeric series (each downsampled to maxPoints) on one chart; step lines: a value holds until the next record. */
export function linesSpec(name: string, series: readonly RecordedSeries[], maxPoints: number, end: number): VegaLiteSpec {
  const rows: SeriesRow[] = [];
  for (const s of series) {
    const values = s.value.map(Number);
    for (const i of minMaxIndices(values, maxPoints)) rows.push({ t: s.time[i], series: s.series, value: values[i] });
    const n = values.length;
    if (n > 0 && end > s.time[n - 1]) rows.push({ t: end, series: s.series, value: values[n - 1] });
  }
  return {
    ...base,
    height: 180,
    datasets: { [name]: rows },
    data: { name },
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.4, tooltip: true },
    encoding: {
      x: timeX,
      y: { field: 'value', type: 'quantitative', title: name, scale: { zero: true } },
      color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'top', columns: 3 } },
      tooltip: [timeTooltip, { field: 'series', type: 'nominal' }, { field: 'value', type: 'quantitative', format: ',.4~f' }],
    },
  };
}

function checkRecorded(s: RecordedSeries): void {
  if (s.time.length !== s.value.length) throw new RangeError(`report: recorded series ${JSON.stringify(s.series)} has ${s.time.length} times but ${s.value.length} values`);
  for (let i = 0; i < s.time.length; i++) {
    if (!Number.isFinite(s.time[i]) || (i > 0 && s.time[i] < s.time[i - 1])) throw new RangeError(`report: recorded series ${JSON.stringify(s.series)} time [${i}] = ${s.time[i]} is not finite and ascending`);
  }
}

/** The charts of the recorded series: text bands first, then one line chart per numeric prefix, in first-seen order. */
export function recordCharts(recorded: readonly RecordedSeries[], end: number, maxPoints: number): RecordChart[] {
  const charts: RecordChart[] = [];
  const groups = new Map<string, RecordedSeries[]>();
  let band = 0;
  for (const s of recorded) {
    checkRecorded(s);
    if (s.time.length === 0) continue;
    if (s.value.some((v) => typeof v === 'string')) {
      charts.push({ id: `chart-band-${band++}`, heading: `${s.series} over time`, spec: bandSpec(s.series, bandRows(s, end)) });
    } else {
      const prefix = s.series.split('.')[0];
      const g = groups.get(prefix);
      if (g) g.push(s);
      else groups.set(prefix, [s]);
    }
  }
  let line = 0;
  for (const [prefix, series] of groups) {
    const heading = series.length === 1 ? series[0].series : `${prefix} (${series.map((s) => s.series.slice(prefix.length + 1) || s.series).join(', ')})`;
    charts.push({ id: `chart-series-${line++}`, heading, spec: linesSpec(prefix, series, maxPoints, end) });
  }
  return charts;
}

/** Rejected orders by reason code, most frequent first. */
export function renderRejections(byReason: Readonly<Record<string, number>>): string {
  const rows = Object.entries(byReason).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  const total = rows.reduce((s, [, n]) => s + n, 0);
  const body = rows.length === 0
    ? '<tr><td colspan="2">none</td></tr>'
    : rows.map(([reason, n]) => `<tr><th>${escapeHtml(reason)}</th><td>${n.toLocaleString('en-US')}</td></tr>`).join('') + `<tr><th>total</th><td>${total.toLocaleString('en-US')}</td></tr>`;
  return `<section class="card" aria-label="Risk rejections"><h2>Risk rejections by reason</h2><table class="kv" data-testid="rejections-table"><tbody>${body}</tbody></table></section>`;
}
