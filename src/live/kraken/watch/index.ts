export { DEFAULT_ACTIVITY, PairActivity, checkOhlc, checkTrade, type ActivityMetrics, type ActivityOptions } from './pair-activity.ts';
export { MarketWatch, type MarketWatchOptions, type WatchDecision } from './market-watch.ts';
export { DEFAULT_FOCUS_CHANNELS, DEFAULT_OHLC_INTERVAL, WatchFeed, type FocusChannel, type WatchFeedOptions } from './watch-feed.ts';
