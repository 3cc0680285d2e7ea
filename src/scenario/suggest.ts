/** Closest candidate to a misspelt name, by edit distance; undefined when nothing is close. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = input.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  // Accept up to a third of the word's length in edits (at least 1, at most 3).
  const budget = Math.min(3, Math.max(1, Math.floor(input.length / 3)));
  return bestDistance <= budget ? best : undefined;
}

/** Levenshtein distance with adjacent transpositions counted as one edit (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1]!;
}

/** `"x" (did you mean "y"?)`, or `"x" (expected one of a, b, c)` when nothing is close. */
export function unknownName(what: string, input: string, valid: readonly string[]): string {
  const near = closest(input, valid);
  const hint = near === undefined ? `expected one of ${valid.join(", ")}` : `did you mean "${near}"?`;
  return `unknown ${what} "${input}" (${hint})`;
}
