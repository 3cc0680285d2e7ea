import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";

// The acceptance of issue 7 through the real `servesim` binary (built once by test/support/build-node.ts).
const repo = new URL("../../", import.meta.url).pathname;
const bin = join(repo, "bin", "servesim.js");
const tmp = mkdtempSync(join(tmpdir(), "servesim-manifests-"));
const servesim = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: "utf8" });
const bundled = readdirSync(join(repo, "scenarios")).filter((f) => f.endsWith(".yaml")).sort();

// Imported scenarios go to <tmp>/scenarios/, beside a link to traces/, so their relative trace paths still resolve.
mkdirSync(join(tmp, "scenarios"));
symlinkSync(join(repo, "traces"), join(tmp, "traces"));

describe("servesim export and lint on every bundled scenario", () => {
  test.each(bundled)("%s: export writes manifests that lint accepts, and export → import → export is byte-identical", (file) => {
    const first = join(tmp, `${file}.1.yaml`);
    const exported = servesim("export", join("scenarios", file), "--out", first);
    expect(exported.stderr.replace(/^warning: .*\n/gm, "")).toMatch(/^\d+ objects validated and written to /);
    expect(exported.status).toBe(0);
    const lint = servesim("lint", first);
    expect(lint.stdout).toMatch(/^\d+ documents, 0 errors\n$/);
    expect(lint.status).toBe(0);

    const imported = join(tmp, "scenarios", file);
    const back = servesim("import", first, "--out", imported);
    expect(back.status).toBe(0);
    const second = join(tmp, `${file}.2.yaml`);
    expect(servesim("export", imported, "--out", second).status).toBe(0);
    expect(readFileSync(second, "utf8")).toBe(readFileSync(first, "utf8"));
  });
});

describe("servesim lint rejects broken manifests, naming the path, without a stack trace", () => {
  const deployment = (spec: string, container = "{ name: web, image: nginx }") =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\nspec:\n${spec}  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec:\n      containers: [${container}]\n`;
  test.each([
    ["spec.replica: 3", deployment("  replica: 3\n"), 'Deployment/web spec.replica: unknown field "replica" [schema/unknown-field]'],
    ['replicas: "three"', deployment('  replicas: "three"\n'), 'Deployment/web spec.replicas: expected integer, got string "three" [schema/type]'],
    ["no containers[0].name", deployment("  replicas: 3\n", "{ image: nginx }"), 'Deployment/web spec.template.spec.containers[0].name: missing required field "name" [schema/required]'],
    [
      "an HPA with minReplicas 5 and maxReplicas 2",
      "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: web }\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }\n  minReplicas: 5\n  maxReplicas: 2\n",
      "HorizontalPodAutoscaler/web spec.minReplicas: minReplicas 5 is above maxReplicas 2 [semantic/hpa-min-max]",
    ],
  ])("%s", (_, text, line) => {
    const file = join(tmp, `bad-${Math.abs(text.length)}-${line.length}.yaml`);
    writeFileSync(file, text);
    const r = servesim("lint", file);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(`${file}#0 ${line}\n1 documents, 1 error\n`);
    expect(r.stderr).toBe("");
  });

  test("a YAML syntax error names the document and the line", () => {
    const file = join(tmp, "syntax.yaml");
    writeFileSync(file, "apiVersion: v1\nkind: Service\n---\nmetadata: [1\n");
    const r = servesim("lint", file);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^${file}#1 document: line \\d+, column \\d+: .* \\[yaml/syntax\\]`, "m"));
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("servesim export to a folder and to a zip", () => {
  test("--out <folder> --dockerfile writes one file per object and the Dockerfiles; lint reads the folder", () => {
    const dir = join(tmp, "out-dir");
    const r = servesim("export", "test/manifests/fixtures/full.yaml", "--karpenter", "--dockerfile", "--out", dir);
    expect(r.status).toBe(0);
    const files = readdirSync(dir).sort();
    expect(files).toContain("06-deployment-chat.yaml");
    expect(files.at(-2)).toBe("15-configmap-full-servesim.yaml");
    expect(readFileSync(join(dir, "docker", "chat", "Dockerfile"), "utf8")).toMatch(/^FROM vllm\/vllm-openai:v0\.8\.5\nENV MODEL=/m);
    const lint = servesim("lint", dir);
    expect(lint.stdout).toBe("15 documents, 0 errors\n");
  });

  test("--out <file.zip> writes the same files, byte-identical across runs, and lint reads the zip", () => {
    const a = join(tmp, "a.zip");
    const b = join(tmp, "b.zip");
    expect(servesim("export", "scenarios/gpu-pending.yaml", "--keda", "--dockerfile", "--out", a).status).toBe(0);
    expect(servesim("export", "scenarios/gpu-pending.yaml", "--keda", "--dockerfile", "--out", b).status).toBe(0);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    expect(servesim("lint", a).stdout).toBe("3 documents, 0 errors\n");
  });

  test("--dockerfile without a folder or zip is refused", () => {
    const r = servesim("export", "scenarios/gpu-pending.yaml", "--dockerfile");
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("--dockerfile needs --out <folder> or --out <file.zip>\n");
  });
});

test("servesim import reports kinds it does not read and builds a valid scenario without provenance", () => {
  const file = join(tmp, "plain.yaml");
  writeFileSync(
    file,
    [
      "apiVersion: v1\nkind: Secret\nmetadata: { name: token }\n",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\nspec:\n  replicas: 2\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec:\n      containers: [{ name: web, image: nginx:1.27, resources: { requests: { cpu: 500m, memory: 1Gi } } }]\n",
      "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: web }\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }\n  minReplicas: 2\n  maxReplicas: 6\n",
    ].join("---\n"),
  );
  const out = join(tmp, "scenarios", "plain.yaml");
  const r = servesim("import", file, "--out", out);
  expect(r.status).toBe(0);
  expect(r.stderr).toContain(`note: skipped ${file}#0 Secret/token`);
  expect(servesim("validate", out).stdout).toBe(`${out}: ok (1 services, 2 pods, 1 node pools, 4 nodes)\n`);
});
