export { DEFAULT_ACTIVITY, PairActivity, type ActivityMetrics, type ActivityOptions } from './pair-activity.ts';
export { MarketWatch, type MarketWatchOptions, type WatchDecision } from './market-watch.ts';
export { DEFAULT_FOCUS_CHANNELS, WatchFeed, type FocusChannel, type WatchFeedOptions } from './watch-feed.ts';
