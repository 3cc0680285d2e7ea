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

/** One per cycle: a class, so that every cycle shares one shape and one copy of the methods. */
class MapCycleState implements CycleState {
  private readonly values = new Map<CycleKey<unknown>, unknown>();
  read<T>(key: CycleKey<T>): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  write<T>(key: CycleKey<T>, value: T): void {
    this.values.set(key, value);
  }
  clear(): void {
    this.values.clear();
  }
}

export function createCycleState(): CycleState {
  return new MapCycleState();
}
