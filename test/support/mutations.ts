/**
 * Arbitraries of hostile input for the robustness properties: random bytes, random YAML, and
 * random mutations of real documents (the bundled scenarios, the golden manifests) — a value
 * replaced, a key removed or added (`__proto__` included), a number pushed out of range, the
 * text cut or corrupted.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fc } from "@fast-check/vitest";
import { parseAllDocuments, stringify } from "yaml";

const repo = new URL("../../", import.meta.url);
const read = (dir: string) =>
  readdirSync(new URL(dir, repo))
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(new URL(`${dir}${f}`, repo), "utf8") }));

/** Every bundled scenario, and every golden manifest file. */
export const bundledScenarios = read("scenarios/");
export const goldenManifests = read("test/manifests/golden/");

type Path = (string | number)[];

/** Paths of every node of a decoded document (objects, arrays and leaves). */
function paths(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) paths(x, [...at, Array.isArray(v) ? Number(k) : k], out);
  return out;
}

/** Values chosen to break rules: out-of-range numbers, names Kubernetes refuses, units gone wrong, keys that are not keys. */
const nasty = fc.constantFrom<unknown>(
  -1, 0, 1e20, 1.5, Number.MAX_SAFE_INTEGER, 2 ** 31, "", " ", "9lives", "Bad Key!", "__proto__", "150%", "-1s", "1e400", "NaN", "Infinity", "10Qi",
  "x".repeat(300), "on", "yes", null, true, [], {}, [[[[]]]], { __proto__: null }, "a=b", "../../../../etc/passwd", "\u0000", "🙂",
);
const value = fc.oneof(nasty, fc.jsonValue({ maxDepth: 3, depthSize: "small" }), fc.string({ maxLength: 20 }), fc.double(), fc.integer());

export type Mutation =
  | { readonly kind: "replace"; readonly at: number; readonly value: unknown }
  | { readonly kind: "delete"; readonly at: number }
  | { readonly kind: "add"; readonly at: number; readonly key: string; readonly value: unknown };

export const arbMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), value }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("add" as const), at: fc.nat(), key: fc.oneof(fc.constantFrom("__proto__", "constructor", "seed", "labels", "Bad Key!"), fc.string({ maxLength: 12 })), value }),
);

/** Applies mutations to a decoded document (in place); `at` picks a node modulo the node count. */
export function mutate(doc: unknown, mutations: readonly Mutation[]): unknown {
  let root: unknown = doc;
  for (const m of mutations) {
    const all = paths(root);
    const path = all[m.at % all.length]!;
    const parent = path.length === 0 ? undefined : (path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], root) as Record<string | number, unknown>);
    const key = path.at(-1);
    const set = (o: Record<string | number, unknown>, k: string | number, v: unknown) => Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
    if (m.kind === "replace") {
      if (parent === undefined || key === undefined) root = m.value;
      else set(parent, key, m.value);
    } else if (m.kind === "delete") {
      if (parent !== undefined && key !== undefined) {
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
      }
    } else {
      const target = path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], root);
      if (target !== null && typeof target === "object" && !Array.isArray(target)) set(target as Record<string, unknown>, m.key, m.value);
      else if (Array.isArray(target)) target.push(m.value);
    }
  }
  return root;
}

/** Text corruption: cut, a byte replaced, a chunk repeated. */
export const arbTextDamage = fc.oneof(
  fc.record({ kind: fc.constant("cut" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant("byte" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), char: fc.constantFrom("\t", "\n", ":", "-", "[", "{", "'", '"', "&", "*", "!", "%", "|", ">", "#", "\u0000", "\uFEFF") }),
  fc.record({ kind: fc.constant("repeat" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 200 }), times: fc.integer({ min: 2, max: 50 }) }),
);
export type TextDamage = typeof arbTextDamage extends fc.Arbitrary<infer T> ? T : never;

export function damage(text: string, d: TextDamage): string {
  const i = Math.floor(d.at * text.length);
  if (d.kind === "cut") return text.slice(0, i);
  if (d.kind === "byte") return text.slice(0, i) + d.char + text.slice(i + 1);
  return text.slice(0, i) + text.slice(i, i + d.length).repeat(d.times) + text.slice(i + d.length);
}

/** A scenario or manifest text mutated: decoded, mutated, re-encoded; or damaged as text. */
export function arbMutatedText(files: readonly { name: string; text: string }[], multi: boolean): fc.Arbitrary<{ name: string; text: string }> {
  return fc.oneof(
    fc.record({ file: fc.constantFrom(...files), mutations: fc.array(arbMutation, { minLength: 1, maxLength: 4 }) }).map(({ file, mutations }) => {
      const docs = parseAllDocuments(file.text).map((d) => ("toJS" in d ? d.toJS() : null) as unknown);
      const mutated = multi ? mutate(docs, mutations) : mutate(docs[0], mutations);
      const text = multi && Array.isArray(mutated) ? mutated.map((d) => stringify(d)).join("---\n") : stringify(mutated);
      return { name: file.name, text };
    }),
    fc.record({ file: fc.constantFrom(...files), damage: arbTextDamage }).map(({ file, damage: d }) => ({ name: file.name, text: damage(file.text, d) })),
  );
}

/** Random bytes decoded as UTF-8 (as a file read would), and random YAML of random JSON values. */
export const arbBytesText = fc.uint8Array({ maxLength: 2048 }).map((b) => new TextDecoder().decode(b));
export const arbRandomYaml = fc.jsonValue({ maxDepth: 6 }).map((v) => stringify(v));
