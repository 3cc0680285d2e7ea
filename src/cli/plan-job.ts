/**
 * A plan as a Kubernetes Indexed Job: a ConfigMap with the plan and its scenarios (trace paths
 * pointing into the image's traces/ folder), a Job whose pod `i` runs `servesim plan --shard i/N`
 * and writes its slice to a volume, and the Dockerfile of the servesim image that runs it.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";
import type { ExportedObject, K8sObject } from "../manifests/index.js";
import type { PlanOnDisk } from "./plan-io.js";
import { UserError } from "./io.js";

/** Where the image holds servesim, and where the Job mounts the plan (beside the image's traces/, so `../traces/…` resolves). */
export const IMAGE_ROOT = "/opt/servesim";
export const PLAN_MOUNT = `${IMAGE_ROOT}/job`;
export const RESULTS_MOUNT = "/results";

export interface JobOptions {
  readonly shards: number;
  readonly image: string;
  /** PersistentVolumeClaim the slices are written to (ReadWriteMany when pods land on several nodes). */
  readonly resultsClaim: string;
  /** CPU of each pod, and worker threads of each slice. */
  readonly cpu: number;
  readonly memory: string;
}

/** The folder of the servesim package (holding package.json and traces/). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "servesim") return dir;
    dir = dirname(dir);
  }
  throw new Error("cannot find the servesim package folder");
}

/** Trace-like file fields of a scenario: [path in the scenario, file as written]. */
function fileFields(disk: PlanOnDisk, s: number): [(string | number)[], string][] {
  const out: [(string | number)[], string][] = [];
  disk.plan.scenarios[s]!.base.services.forEach((svc, i) =>
    svc.traffic.forEach((t, j) => {
      const at = ["services", i, "traffic", j];
      if (t.trace) out.push([[...at, "trace", "file"], t.trace.file]);
      if (t.piecewise?.file) out.push([[...at, "piecewise", "file"], t.piecewise.file]);
      if (t.tokens?.joint) out.push([[...at, "tokens", "joint", "file"], t.tokens.joint.file]);
      for (const side of ["input", "output"] as const) {
        const l = t.tokens?.[side];
        if (l?.distribution === "empirical") out.push([[...at, "tokens", side, "trace", "file"], l.trace.file]);
      }
    }),
  );
  return out;
}

/** ConfigMap data: the plan (naming the scenarios as shipped) and each scenario (traces named in the image). */
export function jobFiles(disk: PlanOnDisk, tracesDir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const plan = parseDocument(disk.source.text);
  disk.plan.scenarios.forEach((s, i) => {
    const name = `scenario-${i}.yaml`;
    const ref = disk.plan.spec.scenarios[i]!;
    plan.setIn(typeof ref === "string" ? ["scenarios", i] : ["scenarios", i, "file"], name);
    const doc = parseDocument(s.text);
    for (const [path, file] of fileFields(disk, i)) {
      const abs = resolve(disk.traceBases[i]!, file);
      const rel = relative(tracesDir, abs);
      if (rel.startsWith("..") || rel.startsWith(sep)) throw new UserError(`${s.file}: ${file} is not in servesim's traces/ folder, so the image does not hold it (put it there, or build an image that does)`);
      doc.setIn(path, `../traces/${rel.split(sep).join("/")}`);
    }
    files[name] = doc.toString();
  });
  files["plan.yaml"] = plan.toString();
  return files;
}

export function jobObjects(disk: PlanOnDisk, opts: JobOptions, files: Record<string, string>): ExportedObject[] {
  const name = `plan-${disk.plan.spec.metadata.name}`.slice(0, 52).replace(/-+$/, "");
  const labels = { "app.kubernetes.io/name": "servesim-plan", "app.kubernetes.io/instance": name };
  const configMap: K8sObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name, labels }, data: Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))) };
  const job: K8sObject = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, labels },
    spec: {
      completionMode: "Indexed",
      completions: opts.shards,
      parallelism: opts.shards,
      backoffLimit: opts.shards,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: "Never",
          containers: [
            {
              name: "planner",
              image: opts.image,
              args: ["plan", `${PLAN_MOUNT}/plan.yaml`, "--shard", `$(JOB_COMPLETION_INDEX)/${opts.shards}`, "--workers", String(opts.cpu), "--format", "json", "--out", `${RESULTS_MOUNT}/${name}-$(JOB_COMPLETION_INDEX).json`],
              resources: { requests: { cpu: String(opts.cpu), memory: opts.memory }, limits: { memory: opts.memory } },
              volumeMounts: [
                { name: "plan", mountPath: PLAN_MOUNT, readOnly: true },
                { name: "results", mountPath: RESULTS_MOUNT },
              ],
            },
          ],
          volumes: [
            { name: "plan", configMap: { name } },
            { name: "results", persistentVolumeClaim: { claimName: opts.resultsClaim } },
          ],
        },
      },
    },
  };
  return [
    { object: configMap, comment: `The plan ${disk.plan.spec.metadata.name} and its ${disk.plan.scenarios.length} scenario(s), mounted at ${PLAN_MOUNT} (trace files come from the image).`, file: "configmap.yaml" },
    {
      object: job,
      comment: `Pod i of ${opts.shards} runs slice i/${opts.shards} of the plan's ${disk.plan.candidates} candidates and writes ${RESULTS_MOUNT}/${name}-i.json to the claim ${opts.resultsClaim};\nthen: servesim plan merge ${name}-*.json`,
      file: "job.yaml",
    },
  ];
}

/** The Dockerfile of the servesim image: built from the package's sources, with its scenarios, plans and traces. */
export function servesimDockerfile(): string {
  return [
    "# The servesim image: the CLI with its bundled scenarios, plans and traces; it runs plan slices in an Indexed Job",
    "# (servesim plan job). Build it from the servesim source folder: docker build -t servesim:<version> -f Dockerfile .",
    "FROM node:20-bookworm-slim AS build",
    "WORKDIR /src",
    "COPY package.json package-lock.json tsconfig.base.json tsconfig.node.json ./",
    "COPY bin bin",
    "COPY src src",
    "COPY workers workers",
    "COPY bench bench",
    "COPY scripts scripts",
    "RUN npm ci && npm prune --omit=dev",
    "",
    "FROM node:20-bookworm-slim",
    `WORKDIR ${IMAGE_ROOT}`,
    "COPY --from=build /src/package.json ./",
    "COPY --from=build /src/node_modules node_modules",
    "COPY --from=build /src/dist dist",
    "COPY --from=build /src/bin bin",
    "COPY scenarios scenarios",
    "COPY plans plans",
    "COPY traces traces",
    "USER node",
    `ENTRYPOINT ["node", "${IMAGE_ROOT}/bin/servesim.js"]`,
    "",
  ].join("\n");
}
