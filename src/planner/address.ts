/**
 * Addresses of scenario fields in a plan: `services[chat].replicas`,
 * `cluster.nodePools[gpu].gpu.type`, `services[0].resources.requests["nvidia.com/gpu"]`,
 * `cluster.nodePools.0.size.min`. A bracket holding a name selects the list item with that
 * `name`; a number selects by index; a quoted string is a key that contains dots or slashes.
 * Addresses are resolved on the scenario as written (before defaults and units), so plan values
 * take units ("16Gi", "2s") and go through the scenario schema like any scenario value.
 */

/** One step of an address. */
export type Step = { readonly key: string } | { readonly index: number } | { readonly name: string };

export type ParsedAddress = { readonly ok: true; readonly steps: readonly Step[] } | { readonly ok: false; readonly message: string };

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*/;

/** Parses an address; the message says what was expected where. */
export function parseAddress(text: string): ParsedAddress {
  const steps: Step[] = [];
  let i = 0;
  const fail = (what: string): ParsedAddress => ({ ok: false, message: `invalid address ${JSON.stringify(text)}: expected ${what} at character ${i + 1}` });
  if (text.length === 0) return fail("a field name");
  while (i < text.length) {
    if (steps.length > 0 && text[i] !== "[") {
      if (text[i] !== ".") return fail('"." or "["');
      i++;
    }
    if (text[i] === "[") {
      const close = text.indexOf("]", i);
      if (close < 0) return fail('"]"');
      const inner = text.slice(i + 1, close).trim();
      if (/^\d+$/.test(inner)) steps.push({ index: Number(inner) });
      else if (/^"[^"]*"$/.test(inner) || /^'[^']*'$/.test(inner)) steps.push({ key: inner.slice(1, -1) });
      else if (/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(inner)) steps.push({ name: inner });
      else return fail("a name, an index or a quoted key inside [ ]");
      i = close + 1;
      continue;
    }
    const rest = text.slice(i);
    const num = /^\d+/.exec(rest);
    const ident = IDENT.exec(rest);
    if (num && (!ident || num[0].length >= ident[0].length) && steps.length > 0) {
      steps.push({ index: Number(num[0]) });
      i += num[0].length;
    } else if (ident) {
      steps.push({ key: ident[0] });
      i += ident[0].length;
    } else return fail("a field name");
  }
  return { ok: true, steps };
}

/** `services[chat].replicas` back from steps (names in brackets, keys with odd characters quoted). */
export function formatAddress(steps: readonly Step[]): string {
  let out = "";
  for (const s of steps) {
    if ("index" in s) out += `[${s.index}]`;
    else if ("name" in s) out += `[${s.name}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(s.key)) out += out === "" ? s.key : `.${s.key}`;
    else out += `[${JSON.stringify(s.key)}]`;
  }
  return out;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === "object" && !Array.isArray(v);

/** Where an address lands in one scenario: the object or list holding the field, and its key or index; or why it cannot. */
export type Resolved = { readonly ok: true; readonly holder: JsonObject | Json[]; readonly at: string | number; readonly path: readonly (string | number)[] } | { readonly ok: false; readonly message: string };

/**
 * Resolves `steps` in `data` (a scenario as decoded from YAML). Missing mappings on the way are
 * created when `create` is set (so `resources.limits["nvidia.com/gpu"]` can be set on a service
 * without limits); list items are never created. `path` is the index path in the scenario.
 */
export function resolve(data: unknown, steps: readonly Step[], create: boolean): Resolved {
  let node: unknown = data;
  const path: (string | number)[] = [];
  for (let k = 0; k < steps.length; k++) {
    const step = steps[k]!;
    const last = k === steps.length - 1;
    const where = formatAddress(steps.slice(0, k)) || "(root)";
    let holder: JsonObject | Json[];
    let at: string | number;
    if ("key" in step) {
      if (!isObject(node)) return { ok: false, message: `${where} is not a mapping, so it has no field "${step.key}"` };
      holder = node;
      at = step.key;
    } else if ("index" in step) {
      if (!Array.isArray(node)) return { ok: false, message: `${where} is not a list, so it has no item [${step.index}]` };
      if (step.index >= node.length) return { ok: false, message: `${where} has ${node.length} items, so it has no item [${step.index}]` };
      holder = node as Json[];
      at = step.index;
    } else {
      if (!Array.isArray(node)) return { ok: false, message: `${where} is not a list, so it has no item named "${step.name}"` };
      const list = node as Json[];
      const index = list.findIndex((item) => isObject(item) && item["name"] === step.name);
      if (index < 0) {
        const names = list.flatMap((item) => (isObject(item) && typeof item["name"] === "string" ? [item["name"]] : []));
        return { ok: false, message: `${where} has no item named "${step.name}" (names: ${names.join(", ") || "none"})` };
      }
      holder = list;
      at = index;
    }
    path.push(at);
    if (last) return { ok: true, holder, at, path };
    let next: Json | undefined = Array.isArray(holder) ? holder[at as number] : holder[at as string];
    if (next === undefined && create && !Array.isArray(holder)) {
      const following = steps[k + 1]!;
      if (!("key" in following)) return { ok: false, message: `${formatAddress(steps.slice(0, k + 1))} is not in the scenario, and a list cannot be made up` };
      next = {};
      holder[at as string] = next;
    }
    if (next === undefined) return { ok: false, message: `${formatAddress(steps.slice(0, k + 1))} is not in the scenario` };
    node = next;
  }
  return { ok: false, message: "empty address" };
}

/** Reads the value at `steps` (undefined when absent). */
export function readAt(data: unknown, steps: readonly Step[]): unknown {
  const r = resolve(data, steps, false);
  if (!r.ok) return undefined;
  return Array.isArray(r.holder) ? r.holder[r.at as number] : r.holder[r.at as string];
}

/** Sets the value at `steps`, creating missing mappings; returns the message when it cannot. */
export function writeAt(data: unknown, steps: readonly Step[], value: unknown): string | undefined {
  const r = resolve(data, steps, true);
  if (!r.ok) return r.message;
  if (Array.isArray(r.holder)) r.holder[r.at as number] = value as Json;
  else r.holder[r.at as string] = value as Json;
  return undefined;
}

/** A deep copy of decoded YAML or JSON data (plain values only). */
export const cloneData = <T>(data: T): T => JSON.parse(JSON.stringify(data)) as T;
