export type { ConfigValue, PriceSeries, RecordedSeries, ReportFill, ReportInput } from './report-input.ts';
export { MAX_POINTS_PER_SERIES, renderReport } from './render-report.ts';
export { writeReport } from './write-report.ts';
export { minMaxIndices } from './downsample.ts';
