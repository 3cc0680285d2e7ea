/** Steps a time series may use: round values a person reads easily, in seconds. */
const NICE_STEPS = [
  0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200,
  10800, 21600, 43200, 86400,
];

/** The smallest round step that gives at most `maxSamples` samples over `duration` seconds. */
export function seriesStep(duration: number, maxSamples = 500): number {
  const ideal = duration / maxSamples;
  return NICE_STEPS.find((s) => s >= ideal) ?? Math.ceil(ideal / 86400) * 86400;
}
