/** What a file opened or dropped on the page is: a scenario (read into the editor) or a trace (streamed by the worker when a scenario names it). */

/** Largest scenario file (the scenario parser's bound). */
export const MAX_SCENARIO_BYTES = 1 << 20;

export type DroppedKind = "scenario" | "trace" | "unknown";

export function droppedKind(name: string): DroppedKind {
  if (/\.(ya?ml|json)$/i.test(name)) return "scenario";
  if (/\.(csv|tsv|jsonl|ndjson|txt)$/i.test(name)) return "trace";
  return "unknown";
}

/** Reads a dropped scenario file's text, refusing files over the limit before reading them. */
export async function scenarioText(file: File): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  if (file.size > MAX_SCENARIO_BYTES) return { ok: false, message: `${file.name}: expected a scenario of at most ${MAX_SCENARIO_BYTES} bytes, got ${file.size}` };
  return { ok: true, text: await file.text() };
}
