/**
 * The common knobs of a scenario read from, and written back into, its YAML text: seed,
 * duration, each pool's GPU type, GPUs per node and node count (or autoscaling bounds), each
 * service's replicas, and a load multiplier. Edits go through the yaml library's Document, so
 * comments, key order and untouched formatting survive.
 */
import { isMap, isScalar, isSeq, parseDocument } from "yaml";
import type { Document } from "yaml";
import { formatRate, parseRate } from "../../../units/index.js";

export interface PoolKnobs {
  readonly name: string;
  readonly gpuType: string | null;
  readonly gpuCount: number | null;
  /** A fixed node count, or the autoscaling bounds (`size: { min, max }`). */
  readonly count: number | null;
  readonly sizeMin: number | null;
  readonly sizeMax: number | null;
}

export interface ServiceKnobs {
  readonly name: string;
  readonly replicas: number | null;
}

export interface Knobs {
  readonly seed: string | number | null;
  readonly duration: string | number | null;
  readonly pools: readonly PoolKnobs[];
  readonly services: readonly ServiceKnobs[];
}

/** One knob changed: a path into the document and its new value. */
export type KnobEdit =
  | { readonly kind: "seed"; readonly value: string | number }
  | { readonly kind: "duration"; readonly value: string }
  | { readonly kind: "pool"; readonly pool: number; readonly field: "gpu.type" | "gpu.count" | "count" | "size.min" | "size.max"; readonly value: string | number }
  | { readonly kind: "replicas"; readonly service: number; readonly value: number }
  | { readonly kind: "scaleLoad"; readonly factor: number };

type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

function parse(text: string): Outcome<Document.Parsed> {
  const doc = parseDocument(text, { prettyErrors: false });
  const e = doc.errors[0];
  return e ? { ok: false, message: `the YAML does not parse (${e.message.split("\n")[0]}): fix it in the editor first` } : { ok: true, value: doc };
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const scalar = (v: unknown): string | number | null => (typeof v === "string" || typeof v === "number" ? v : null);

export function readKnobs(text: string): Outcome<Knobs> {
  const p = parse(text);
  if (!p.ok) return p;
  const data: unknown = p.value.toJS();
  if (data === null || typeof data !== "object") return { ok: false, message: "expected a scenario (a mapping) in the editor" };
  const d = data as Record<string, unknown>;
  const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => x !== null && typeof x === "object") : []);
  const cluster = (d["cluster"] ?? {}) as Record<string, unknown>;
  const pools = list(cluster["nodePools"]).map((pool): PoolKnobs => {
    const gpu = (pool["gpu"] ?? {}) as Record<string, unknown>;
    const size = (pool["size"] ?? {}) as Record<string, unknown>;
    return {
      name: String(pool["name"] ?? "?"),
      gpuType: typeof gpu["type"] === "string" ? gpu["type"] : null,
      gpuCount: num(gpu["count"]),
      count: num(pool["count"]),
      sizeMin: num(size["min"]),
      sizeMax: num(size["max"]),
    };
  });
  const services = list(d["services"]).map((s): ServiceKnobs => ({ name: String(s["name"] ?? "?"), replicas: num(s["replicas"]) }));
  return { ok: true, value: { seed: scalar(d["seed"]), duration: scalar(d["duration"]), pools, services } };
}

/** Rate fields of each traffic generator kind (paths inside the entry). */
const RATE_FIELDS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  poisson: [["rate"]],
  diurnal: [["mean"]],
  step: [["before"], ["after"]],
  flashCrowd: [["base"], ["peak"]],
  mmpp: [["low", "rate"], ["high", "rate"]],
};

const scaledRate = (value: unknown, factor: number): string | null => {
  if (typeof value !== "string" && typeof value !== "number") return null;
  const r = parseRate(value);
  return r.ok ? formatRate(Number((r.value * factor).toPrecision(6))) : null;
};

/** Multiplies every traffic rate (generators, piecewise points, trace rateScale) by `factor`; returns what it could not scale. */
function scaleLoad(doc: Document.Parsed, factor: number): string[] {
  const skipped: string[] = [];
  const services = doc.get("services");
  if (!isSeq(services)) return skipped;
  services.items.forEach((svc, si) => {
    const traffic = isMap(svc) ? svc.get("traffic") : undefined;
    if (!isSeq(traffic)) return;
    traffic.items.forEach((entry, ti) => {
      if (!isMap(entry)) return;
      const at = ["services", si, "traffic", ti];
      for (const [kind, fields] of Object.entries(RATE_FIELDS)) {
        if (!entry.has(kind)) continue;
        for (const f of fields) {
          const v = scaledRate(doc.getIn([...at, kind, ...f]), factor);
          if (v !== null) doc.setIn([...at, kind, ...f], v);
        }
      }
      const points = doc.getIn([...at, "piecewise", "points"]);
      if (isSeq(points)) points.items.forEach((_, k) => {
        const v = scaledRate(doc.getIn([...at, "piecewise", "points", k, "rate"]), factor);
        if (v !== null) doc.setIn([...at, "piecewise", "points", k, "rate"], v);
      });
      else if (entry.has("piecewise")) skipped.push(`services[${si}].traffic[${ti}]: a piecewise profile read from a file`);
      if (entry.has("trace")) {
        const current = doc.getIn([...at, "trace", "rateScale"]);
        const base = isScalar(current) ? Number(current.value) : typeof current === "number" ? current : 1;
        doc.setIn([...at, "trace", "rateScale"], Number(((Number.isFinite(base) ? base : 1) * factor).toPrecision(6)));
      }
    });
  });
  return skipped;
}

/** The text with one knob changed (and notes on what could not be changed). */
export function applyKnob(text: string, edit: KnobEdit): Outcome<{ text: string; notes: readonly string[] }> {
  const p = parse(text);
  if (!p.ok) return p;
  const doc = p.value;
  let notes: string[] = [];
  switch (edit.kind) {
    case "seed":
      doc.set("seed", edit.value);
      break;
    case "duration":
      doc.set("duration", edit.value);
      break;
    case "replicas":
      doc.setIn(["services", edit.service, "replicas"], edit.value);
      break;
    case "pool":
      doc.setIn(["cluster", "nodePools", edit.pool, ...edit.field.split(".")], edit.value);
      break;
    case "scaleLoad":
      if (!(edit.factor > 0 && Number.isFinite(edit.factor))) return { ok: false, message: `expected a load factor > 0, got ${edit.factor}` };
      notes = scaleLoad(doc, edit.factor);
      break;
  }
  return { ok: true, value: { text: doc.toString({ lineWidth: 0 }), notes } };
}
