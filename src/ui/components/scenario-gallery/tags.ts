/** Tags of a scenario for the gallery, read from its YAML: model kinds, GPU types, traffic, autoscaling, faults, length. */
import { parse } from "yaml";

export interface ScenarioCard {
  /** Path in the repository, e.g. `scenarios/quickstart.yaml`. */
  readonly file: string;
  readonly name: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly text: string;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);

const TRAFFIC: Readonly<Record<string, string>> = { trace: "trace replay", diurnal: "diurnal", flashCrowd: "flash crowd", mmpp: "bursty (MMPP)", step: "step", piecewise: "piecewise", poisson: "Poisson" };

export function scenarioCard(file: string, text: string): ScenarioCard {
  let d: Obj = {};
  try {
    d = obj(parse(text));
  } catch {
    // A bundled scenario always parses (tests check it); a broken one still gets a card.
  }
  const meta = obj(d["metadata"]);
  const services = list(d["services"]);
  const pools = list(obj(d["cluster"])["nodePools"]);
  const tags = new Set<string>();
  for (const s of services) tags.add(obj(s["model"])["kind"] === "llm" ? "LLM" : "classic model");
  for (const p of pools) {
    const gpu = obj(p["gpu"])["type"];
    if (typeof gpu === "string") tags.add(gpu.toUpperCase());
  }
  for (const s of services) for (const t of list(s["traffic"])) for (const k of Object.keys(TRAFFIC)) if (k in t) tags.add(TRAFFIC[k]!);
  for (const s of services) {
    const kind = obj(s["autoscaling"])["kind"];
    if (kind === "hpa") tags.add("HPA");
    if (kind === "keda") tags.add("KEDA");
  }
  if (pools.some((p) => "size" in p)) tags.add("cluster autoscaler");
  if (list(d["faults"]).length > 0) tags.add("faults");
  if (typeof d["duration"] === "string") tags.add(d["duration"]);
  return {
    file,
    name: typeof meta["name"] === "string" ? meta["name"] : file,
    description: typeof meta["description"] === "string" ? meta["description"] : "",
    tags: [...tags],
    text,
  };
}
