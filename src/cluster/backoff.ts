/**
 * The kubelet's restart back-off for a crashing container (pkg/kubelet/kuberuntime: CrashLoopBackOff,
 * initial 10 s doubling to MaxContainerBackOff 5 m, reset once the container ran 10 m without a crash).
 */
export const CRASH_BACKOFF = { initial: 10, max: 300, resetAfter: 600 } as const;

/** Delay before the restart that follows the `restarts`-th crash in a row (1-based). */
export function crashBackoff(restarts: number): number {
  let d: number = CRASH_BACKOFF.initial;
  for (let i = 1; i < restarts && d < CRASH_BACKOFF.max; i++) d *= 2;
  return Math.min(CRASH_BACKOFF.max, d);
}
