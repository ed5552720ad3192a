/**
 * What `krakenbt backtest` runs when not told otherwise, and why (also printed by --help and
 * explained in the README). The rule is the textbook 50/200-day moving-average crossover
 * ("golden cross"): its parameters come from the literature, not from a fit to this data,
 * and on daily candles it trades a handful of times, so Kraken's fees do not eat it (the
 * earlier default, 10/30 on hourly candles, made 883 round trips in 2018-2022 and lost 95%,
 * mostly to fees). The range 2018-2022 is the one the project always used: it starts near
 * the 2017 top and spans a full bear-bull-bear cycle. Four round trips prove nothing
 * statistically; the point is an honest side-by-side with buy-and-hold.
 */
export const DEFAULT_RUN = {
  strategy: 'sma-cross',
  params: { fast: '50', slow: '200' },
  pairs: ['BTC/USD'],
  timeframe: '1d',
  from: '2018-01-01',
  to: '2022-12-31',
  cash: '10000',
} as const;

export const DEFAULT_RUN_HELP =
  `Defaults: sma-cross fast=50 slow=200 on BTC/USD daily candles, 2018-01-01..2022-12-31, 10000 USD, ` +
  `Kraken starter fees (0.16% maker, 0.26% taker). Why: the textbook 50/200-day crossover, not fitted ` +
  `to this data, trading rarely enough that fees do not dominate; buy-and-hold of the same pairs over ` +
  `the same range is always shown beside it.`;
