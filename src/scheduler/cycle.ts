/** Per-cycle state with typed keys (kube's CycleState and StateKey): PreFilter/PreScore write, Filter/Score read. */

/** A key whose value type is fixed by its declaration: `cycleKey<FitPre>("NodeResourcesFit/preScore")`. */
export interface CycleKey<T> {
  readonly name: string;
  /** Phantom field tying the key to its value type; never set. */
  readonly __value?: T;
}

export const cycleKey = <T>(name: string): CycleKey<T> => ({ name });

export interface CycleState {
  read<T>(key: CycleKey<T>): T | undefined;
  write<T>(key: CycleKey<T>, value: T): void;
  /** Empties the state for the next cycle. */
  clear(): void;
}

export function createCycleState(): CycleState {
  const values = new Map<CycleKey<unknown>, unknown>();
  return {
    read: <T>(key: CycleKey<T>) => values.get(key) as T | undefined,
    write: (key, value) => void values.set(key, value),
    clear: () => values.clear(),
  };
}
