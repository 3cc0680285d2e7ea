/** A problem in a trace file: which file, which line (0: the file as a whole), and what was expected. */
export class TraceError extends Error {
  override readonly name = "TraceError";
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${problem}` : `${file}: ${problem}`);
  }
}
