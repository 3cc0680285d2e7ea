/** `servesim plan job <plan> --shards N`: the Indexed Job, its ConfigMap and the servesim Dockerfile, validated in the manifests module's four layers. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { formatManifestIssue, toYaml, validateObject, yamlRoundTripIssues } from "../../manifests/index.js";
import type { CliIo } from "../io.js";
import { Exit, UserError } from "../io.js";
import { writeManifests } from "../manifest-output.js";
import { readPlan } from "../plan-io.js";
import { jobFiles, jobObjects, packageRoot, servesimDockerfile } from "../plan-job.js";

export interface PlanJobOptions {
  readonly shards: string;
  readonly out?: string;
  readonly image?: string;
  readonly resultsClaim?: string;
  readonly cpu?: string;
  readonly memory?: string;
}

/** ConfigMaps hold at most 1 MiB (etcd's object limit). */
const CONFIGMAP_BYTES = 1024 * 1024;

const count = (flag: string, text: string, max: number): number => {
  if (!/^\d{1,6}$/.test(text) || Number(text) < 1 || Number(text) > max) throw new UserError(`invalid ${flag} ${JSON.stringify(text)}: expected an integer from 1 to ${max}`);
  return Number(text);
};

export async function planJobCommand(file: string, opts: PlanJobOptions, io: CliIo): Promise<number> {
  const shards = count("--shards", opts.shards, 10_000);
  const cpu = count("--cpu", opts.cpu ?? "2", 256);
  const disk = await readPlan(file);
  const root = packageRoot();
  const files = jobFiles(disk, join(root, "traces"));
  const bytes = Object.values(files).reduce((n, t) => n + t.length, 0);
  if (bytes > CONFIGMAP_BYTES) throw new UserError(`${file}: the plan and its scenarios take ${bytes} bytes, more than a ConfigMap holds (${CONFIGMAP_BYTES})`);
  const tag = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
  const name = disk.plan.spec.metadata.name;
  const objects = jobObjects(disk, { shards, cpu, image: opts.image ?? `servesim:${tag}`, resultsClaim: opts.resultsClaim ?? `plan-${name}-results`.slice(0, 63), memory: opts.memory ?? "4Gi" }, files);
  const issues = [...objects.flatMap((o) => validateObject(o.object).issues), ...yamlRoundTripIssues(toYaml(objects), objects.map((o) => o.object))];
  if (issues.length > 0) {
    io.stderr(`${issues.map(formatManifestIssue).join("\n")}\n`);
    return opts.image !== undefined || opts.memory !== undefined ? Exit.BadInput : Exit.Internal;
  }
  const where = await writeManifests(objects, { Dockerfile: servesimDockerfile() }, opts.out ?? `plan-${name}-job`, io);
  io.stderr(`${objects.length} objects validated and written to ${where} with the Dockerfile of the servesim image; ${shards} slice(s) of ${disk.plan.candidates} candidates\n`);
  return Exit.Ok;
}
