// Golden manifests of the bundled scenarios (and of the fixture with every kind), compared byte for byte.
// Regenerate after an intended change: npx vitest run --project unit test/manifests/golden.test.ts -u
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { main } from "../../src/cli/main.js";

const repo = new URL("../../", import.meta.url).pathname;
const bundled = readdirSync(join(repo, "scenarios")).filter((f) => f.endsWith(".yaml")).sort();

async function exportYaml(...args: string[]): Promise<string> {
  let out = "";
  let err = "";
  const code = await main(["export", ...args], { stdout: (t) => void (out += t), stderr: (t) => void (err += t), isTTY: false });
  expect(err.replace(/^warning: .*\n/gm, "")).toBe("");
  expect(code).toBe(0);
  return out;
}

test.each(bundled)("export of scenarios/%s matches its golden manifests", async (file) => {
  const yaml = await exportYaml(join(repo, "scenarios", file));
  await expect(yaml).toMatchFileSnapshot(`golden/${file}`);
});

test("export of the every-kind fixture with --karpenter matches its golden manifests", async () => {
  const yaml = await exportYaml(join(repo, "test/manifests/fixtures/full.yaml"), "--karpenter");
  await expect(yaml).toMatchFileSnapshot("golden/full-karpenter.yaml");
});

test("export of the every-kind fixture with --keda matches its golden manifests", async () => {
  const yaml = await exportYaml(join(repo, "test/manifests/fixtures/full.yaml"), "--keda");
  await expect(yaml).toMatchFileSnapshot("golden/full-keda.yaml");
});
