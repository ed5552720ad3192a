import type { ColumnTable } from 'arquero';
import type { TopLevelSpec } from 'vega-lite';

/**
 * Small Vega-Lite builders for the charts research needs. They take arquero tables (or plain
 * rows) and field names; anything fancier: write the spec, it is just JSON. Times are epoch ms.
 */
export type Rows = ColumnTable | readonly Record<string, unknown>[];

const WIDTH = 640;
const HEIGHT = 240;

function values(data: Rows, maxRows = 4000): Record<string, unknown>[] {
  const rows = Array.isArray(data) ? (data as Record<string, unknown>[]) : ((data as ColumnTable).objects() as Record<string, unknown>[]);
  if (rows.length <= maxRows) return rows;
  // Even thinning keeps a long series drawable; first and last rows stay.
  const step = (rows.length - 1) / (maxRows - 1);
  return Array.from({ length: maxRows }, (_, i) => rows[Math.round(i * step)]);
}

interface Common {
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
}

export function lineChart(data: Rows, o: Common & { x: string; y: string; color?: string; yTitle?: string; yFormat?: string; logY?: boolean }): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.title,
    width: o.width ?? WIDTH,
    height: o.height ?? HEIGHT,
    data: { values: values(data) },
    mark: { type: 'line', strokeWidth: 1.2 },
    encoding: {
      x: { field: o.x, type: 'temporal', title: null },
      y: { field: o.y, type: 'quantitative', title: o.yTitle ?? o.y, axis: o.yFormat ? { format: o.yFormat } : {}, scale: o.logY ? { type: 'log' } : { zero: false } },
      ...(o.color ? { color: { field: o.color, type: 'nominal' } } : {}),
    },
  } as TopLevelSpec;
}

/** Equity on top, drawdown (as a negative area) below, on a shared time axis. */
export function equityDrawdownChart(data: Rows, o: Common & { time?: string; equity?: string; drawdown?: string } = {}): TopLevelSpec {
  const time = o.time ?? 'time';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.title,
    data: { values: values(data) },
    transform: [{ calculate: `-datum['${o.drawdown ?? 'drawdown'}']`, as: '_dd' }],
    vconcat: [
      { width: o.width ?? WIDTH, height: o.height ?? HEIGHT, mark: { type: 'line', strokeWidth: 1.2 }, encoding: { x: { field: time, type: 'temporal', title: null }, y: { field: o.equity ?? 'equity', type: 'quantitative', title: 'equity', scale: { zero: false } } } },
      { width: o.width ?? WIDTH, height: 110, mark: { type: 'area', color: '#c0392b', opacity: 0.6 }, encoding: { x: { field: time, type: 'temporal', title: null }, y: { field: '_dd', type: 'quantitative', title: 'drawdown', axis: { format: '.0%' } } } },
    ],
  } as TopLevelSpec;
}

export function histogram(data: Rows, o: Common & { field: string; bins?: number; color?: string; xFormat?: string }): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.title,
    width: o.width ?? WIDTH / 2,
    height: o.height ?? HEIGHT,
    data: { values: values(data, 200_000) },
    mark: { type: 'bar', opacity: 0.7 },
    encoding: {
      x: { field: o.field, type: 'quantitative', bin: { maxbins: o.bins ?? 60 }, axis: o.xFormat ? { format: o.xFormat } : {} },
      y: { aggregate: 'count', type: 'quantitative', stack: null },
      ...(o.color ? { color: { field: o.color, type: 'nominal' } } : {}),
    },
  } as TopLevelSpec;
}

export function barChart(data: Rows, o: Common & { x: string; y: string; color?: string; xType?: 'nominal' | 'ordinal' | 'temporal'; yFormat?: string }): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.title,
    width: o.width ?? WIDTH,
    height: o.height ?? HEIGHT,
    data: { values: values(data) },
    mark: 'bar',
    encoding: {
      x: { field: o.x, type: o.xType ?? 'ordinal' },
      y: { field: o.y, type: 'quantitative', axis: o.yFormat ? { format: o.yFormat } : {} },
      ...(o.color ? { color: { field: o.color, type: 'nominal' } } : {}),
    },
  } as TopLevelSpec;
}

/** A value over a 2-D grid (e.g. Sharpe over fast x slow), the value printed in each cell. */
export function heatmap(data: Rows, o: Common & { x: string; y: string; value: string; format?: string; scheme?: string }): TopLevelSpec {
  const enc = { x: { field: o.x, type: 'ordinal' }, y: { field: o.y, type: 'ordinal', sort: 'descending' } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.title,
    width: o.width ?? 420,
    height: o.height ?? 300,
    data: { values: values(data) },
    layer: [
      { mark: 'rect', encoding: { ...enc, color: { field: o.value, type: 'quantitative', scale: { scheme: o.scheme ?? 'redyellowgreen', domainMid: 0 } } } },
      { mark: { type: 'text', fontSize: 9 }, encoding: { ...enc, text: { field: o.value, type: 'quantitative', format: o.format ?? '.2f' } } },
    ],
  } as TopLevelSpec;
}

export function scatter(data: Rows, o: Common & { x: string; y: string; color?: string; xFormat?: string; yFormat?: string }): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.title,
    width: o.width ?? 360,
    height: o.height ?? 300,
    data: { values: values(data) },
    mark: { type: 'point', filled: true, opacity: 0.7 },
    encoding: {
      x: { field: o.x, type: 'quantitative', axis: o.xFormat ? { format: o.xFormat } : {} },
      y: { field: o.y, type: 'quantitative', axis: o.yFormat ? { format: o.yFormat } : {} },
      ...(o.color ? { color: { field: o.color, type: 'nominal' } } : {}),
    },
  } as TopLevelSpec;
}
