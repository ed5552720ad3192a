/** Types shared by the status server and the browser code (what travels over /events). Types only. */

/** One row of the Markets page. Prices and volume stay exact decimal text, at the pair's precision. */
export interface MarketRow {
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  readonly priceDecimals: number;
  readonly lotDecimals: number;
  last: string | null;
  bid: string | null;
  ask: string | null;
  /** (ask - bid) / mid, in percent; a display number, not money. */
  spreadPct: number | null;
  /** 24 h change in percent, as the ticker reports it. */
  changePct: number | null;
  /** 24 h volume in base units (decimal text). */
  volume: string | null;
  /** In the market watch's focus set (pinned session pair or promoted mover). */
  focus: boolean;
  /** Why this pair is a mover right now (watch promotion reasons or the 24 h change), or null. */
  mover: string | null;
  /** Exchange time of the last ticker (ms). */
  updatedAt: number | null;
}

/** One candle of the Pair page chart (exact decimal text; `time` is the candle's open, ms). */
export interface CandleRow {
  readonly time: number;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
}

