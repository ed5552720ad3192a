import { AreaSeries, CandlestickSeries, ColorType, createChart, createSeriesMarkers, type IChartApi, type IPriceLine, type ISeriesApi, type ISeriesMarkersPluginApi, type SeriesMarker, type Time, type UTCTimestamp } from 'lightweight-charts';
import { useEffect, useRef } from 'preact/hooks';
import type { CandleRow } from '../wire.ts';

const THEME = {
  layout: { background: { type: ColorType.Solid, color: '#12161c' }, textColor: '#7d8896', fontSize: 11 },
  grid: { vertLines: { color: '#1a2028' }, horzLines: { color: '#1a2028' } },
  rightPriceScale: { borderColor: '#232a34' },
  timeScale: { borderColor: '#232a34', timeVisible: true, secondsVisible: false },
  crosshair: { mode: 0 },
  autoSize: true,
} as const;

const sec = (ms: number) => Math.floor(ms / 1000) as UTCTimestamp;

/** Strictly increasing times (the chart's rule): a later point at the same second wins. */
function byTime<T extends { time: UTCTimestamp }>(points: T[]): T[] {
  const out: T[] = [];
  for (const p of points) {
    if (out.length && out[out.length - 1].time >= p.time) {
      if (out[out.length - 1].time === p.time) out[out.length - 1] = p;
      continue;
    }
    out.push(p);
  }
  return out;
}

export function EquityChart(props: { points: { time: number; equity: number }[]; version: number }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<{ api: IChartApi; series: ISeriesApi<'Area'>; count: number } | null>(null);
  useEffect(() => {
    const api = createChart(el.current!, THEME);
    const series = api.addSeries(AreaSeries, { lineColor: '#3b82f6', topColor: 'rgba(59,130,246,.28)', bottomColor: 'rgba(59,130,246,0)', lineWidth: 2, priceFormat: { type: 'price', precision: 2, minMove: 0.01 } });
    chart.current = { api, series, count: 0 };
    return () => api.remove();
  }, []);
  useEffect(() => {
    const c = chart.current!;
    c.series.setData(byTime(props.points.map((p) => ({ time: sec(p.time), value: p.equity }))));
    if (c.count === 0 && props.points.length) c.api.timeScale().fitContent();
    c.count = props.points.length;
  }, [props.version]);
  return <div class="chart" ref={el} data-points={props.points.length} id="equity-chart" />;
}

export interface FillMark {
  time: number;
  side: string;
  price: string;
  qty: string;
}

export function CandleChart(props: { candles: CandleRow[]; fills: FillMark[]; orders: { side: string; price: string; label: string }[]; priceDecimals: number; intervalMs: number; version: number }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<{ api: IChartApi; series: ISeriesApi<'Candlestick'>; markers: ISeriesMarkersPluginApi<Time>; lines: IPriceLine[]; fitted: boolean } | null>(null);
  useEffect(() => {
    const api = createChart(el.current!, THEME);
    const minMove = 10 ** -props.priceDecimals;
    const series = api.addSeries(CandlestickSeries, { upColor: '#16c784', downColor: '#ea3943', borderVisible: false, wickUpColor: '#16c784', wickDownColor: '#ea3943', priceFormat: { type: 'price', precision: props.priceDecimals, minMove } });
    chart.current = { api, series, markers: createSeriesMarkers(series, []), lines: [], fitted: false };
    return () => api.remove();
  }, [props.priceDecimals]);
  useEffect(() => {
    const c = chart.current!;
    const data = byTime(props.candles.map((k) => ({ time: sec(k.time), open: Number(k.open), high: Number(k.high), low: Number(k.low), close: Number(k.close) })));
    c.series.setData(data);
    const first = props.candles.length ? props.candles[0].time : Infinity;
    const marks: SeriesMarker<Time>[] = props.fills
      .filter((f) => f.time >= first)
      .map((f) => ({
        time: sec(Math.floor(f.time / props.intervalMs) * props.intervalMs),
        position: f.side === 'buy' ? 'belowBar' : 'aboveBar',
        color: f.side === 'buy' ? '#16c784' : '#ea3943',
        shape: f.side === 'buy' ? 'arrowUp' : 'arrowDown',
        text: f.side === 'buy' ? 'B' : 'S',
      }));
    marks.sort((a, b) => (a.time as number) - (b.time as number));
    c.markers.setMarkers(marks);
    for (const l of c.lines) c.series.removePriceLine(l);
    c.lines = props.orders.map((o) => c.series.createPriceLine({ price: Number(o.price), color: o.side === 'buy' ? '#16c784' : '#ea3943', lineStyle: 2, lineWidth: 1, axisLabelVisible: true, title: o.label }));
    if (!c.fitted && data.length) {
      c.api.timeScale().setVisibleLogicalRange({ from: Math.max(0, data.length - 160), to: data.length + 4 }); // the recent bars, not all 720
      c.fitted = true;
    }
  }, [props.version]);
  return <div class="chart tall" ref={el} id="candle-chart" data-candles={props.candles.length} data-markers={props.fills.length} data-lines={props.orders.length} />;
}
