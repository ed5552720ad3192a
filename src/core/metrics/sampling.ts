/** Crypto trades around the clock, so a year is 365.25 days of 24 hours. */
export const YEAR_MS = 365.25 * 24 * 60 * 60 * 1000;

/** Median spacing of ascending sample times in ms; null with fewer than 2 samples. */
export function medianInterval(time: ArrayLike<number>): number | null {
  if (time.length < 2) return null;
  const gaps = new Float64Array(time.length - 1);
  for (let i = 1; i < time.length; i++) gaps[i - 1] = time[i] - time[i - 1];
  gaps.sort();
  const mid = gaps.length >> 1;
  return gaps.length % 2 === 1 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2;
}

/**
 * Return periods per year implied by the median sampling interval (hourly -> 24 x 365.25).
 * The median, not the mean, so a few gaps in the data do not change the annualisation.
 */
export function periodsPerYear(time: ArrayLike<number>): number | null {
  const interval = medianInterval(time);
  return interval === null ? null : YEAR_MS / interval;
}
