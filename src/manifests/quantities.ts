/** Kubernetes quantity strings for the scenario's base units (millicores, bytes, counts, seconds). */

const BINARY: readonly [string, number][] = [["Ti", 2 ** 40], ["Gi", 2 ** 30], ["Mi", 2 ** 20], ["Ki", 2 ** 10]];
const DECIMAL: readonly [string, number][] = [["T", 1e12], ["G", 1e9], ["M", 1e6], ["k", 1e3]];

/** Bytes as the shortest exact quantity: "16Gi", "2G", "1536Mi", or a plain integer. */
export function bytesQuantity(bytes: number): string {
  const n = Math.round(bytes);
  for (const [suffix, unit] of BINARY) if (n >= unit && n % unit === 0) return `${n / unit}${suffix}`;
  for (const [suffix, unit] of DECIMAL) if (n >= unit && n % unit === 0) return `${n / unit}${suffix}`;
  return String(n);
}

/** Millicores as "2" or "500m". */
export const cpuQuantity = (milli: number): string => (Math.round(milli) % 1000 === 0 ? String(Math.round(milli) / 1000) : `${Math.round(milli)}m`);

/** A milli-unit metric value (HPA targets) as "48" or "500m". */
export const milliQuantity = cpuQuantity;

/** A resource amount in base units as its quantity: cpu in cores, byte resources with suffixes, counts as integers. */
export function resourceQuantity(name: string, value: number): string | number {
  if (name === "cpu") return cpuQuantity(value);
  if (name === "memory" || name === "ephemeral-storage" || name.startsWith("hugepages-")) return bytesQuantity(value);
  return value;
}

/** Whole seconds, rounded up (grace periods, probe budgets). */
export const ceilSeconds = (s: number): number => Math.max(0, Math.ceil(s - 1e-9));

/** A duration for a comment: "850ms", "34.2s", "4m10s". */
export function formatSeconds(s: number): string {
  if (s < 1) return `${Math.round(s * 1000)}ms`;
  if (s < 60) return `${Number(s.toFixed(1))}s`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s - m * 60);
  return rest === 0 ? `${m}m` : `${m}m${rest}s`;
}

/** "1 pod", "3 pods". */
export const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;
