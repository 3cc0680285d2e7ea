/**
 * A column store for time series sampled at a fixed step: one Float64Array per column, sized
 * once to a capacity the caller chooses, so appending a row allocates nothing.
 */
export interface Series<C extends string> {
  /** Sampling step in seconds (> 0); informational, the caller supplies each row's time. */
  readonly step: number;
  /** Maximum number of rows (a hard bound: appending past it throws). */
  readonly capacity: number;
  /** Number of rows appended so far; rows [0, length) of every array are valid. */
  length: number;
  /** Column names, in the order given to {@link createSeries}. */
  readonly names: readonly C[];
  /** Sample times in seconds, strictly increasing. */
  readonly t: Float64Array;
  readonly columns: { readonly [K in C]: Float64Array };
}

/** A series copied down to its length, each array on its own ArrayBuffer (transferable to or from a worker). */
export interface TrimmedSeries<C extends string> {
  step: number;
  t: Float64Array<ArrayBuffer>;
  columns: { [K in C]: Float64Array<ArrayBuffer> };
}

/** Creates an empty series. Throws a RangeError on a bad step or capacity, or duplicate column names. */
export function createSeries<C extends string>(columns: readonly C[], step: number, capacity: number): Series<C> {
  if (!(step > 0 && step < Infinity)) throw new RangeError(`invalid series step: ${step} (expected a positive number of seconds)`);
  if (!Number.isSafeInteger(capacity) || capacity < 0) throw new RangeError(`invalid series capacity: ${capacity} (expected a non-negative integer)`);
  if (new Set(columns).size !== columns.length) throw new RangeError(`duplicate series column in [${columns.join(", ")}]`);
  const arrays = Object.fromEntries(columns.map((c) => [c, new Float64Array(capacity)])) as { [K in C]: Float64Array };
  return { step, capacity, length: 0, names: [...columns], t: new Float64Array(capacity), columns: arrays };
}

/** The time before a first row: a constant, where `-Infinity` would be an operation whose first use in a run deoptimises code optimised in an earlier one. */
const NO_ROW = -Infinity;

function checkRow(s: Series<string>, t: number): void {
  if (s.length >= s.capacity) throw new RangeError(`series is full: ${s.capacity} rows (row at t=${t} dropped)`);
  const previous = s.length === 0 ? NO_ROW : s.t[s.length - 1]!;
  if (!(t > previous)) throw new RangeError(`series time must increase: t=${t} after t=${previous}`);
}

/** Appends one row at time `t` (seconds, greater than the previous row's). Throws a RangeError when full. */
export function appendRow<C extends string>(s: Series<C>, t: number, values: { readonly [K in C]: number }): void {
  checkRow(s, t);
  const row = s.length;
  const names = s.names;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    s.columns[name][row] = values[name];
  }
  s.t[row] = t;
  s.length = row + 1;
}

/** Like {@link appendRow}, reading each column's value from `valueOf(column)` instead of an object. */
export function appendRowFrom<C extends string>(s: Series<C>, t: number, valueOf: (column: C) => number): void {
  checkRow(s, t);
  const row = s.length;
  const names = s.names;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    s.columns[name][row] = valueOf(name);
  }
  s.t[row] = t;
  s.length = row + 1;
}

/** Copies the first `length` rows into fresh arrays, leaving the series untouched. */
export function trimmed<C extends string>(s: Series<C>): TrimmedSeries<C> {
  const columns = Object.fromEntries(s.names.map((c) => [c, s.columns[c].slice(0, s.length)])) as { [K in C]: Float64Array<ArrayBuffer> };
  return { step: s.step, t: s.t.slice(0, s.length), columns };
}
