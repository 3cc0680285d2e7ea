/**
 * A broken invariant of the simulation (time going backwards, an over-committed node, an
 * unknown event kind). It stops the run: it is a bug or a corrupted state, never a domain outcome.
 */
export class InvariantError extends Error {
  override readonly name = "InvariantError";
  constructor(
    message: string,
    /** Simulated time at which the invariant broke. */
    readonly at: number,
    /** Event kind being handled, when known. */
    readonly kind?: string,
  ) {
    super(`${message} (at t=${at}s${kind === undefined ? "" : `, while handling ${kind}`})`);
  }
}
