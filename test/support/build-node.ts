/** vitest globalSetup of the e2e project: compiles the Node side to dist/ and bundles the CLI once, as `npm ci` does, so tests run the real binary. */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export function setup(): void {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  try {
    execFileSync(process.execPath, [fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url)), "-p", "tsconfig.node.json"], { cwd: root, stdio: "pipe" });
  } catch (e) {
    const out = (e as { stdout?: Buffer }).stdout?.toString() ?? String(e);
    throw new Error(`tsc -p tsconfig.node.json failed:\n${out}`, { cause: e });
  }
  try {
    execFileSync(process.execPath, [fileURLToPath(new URL("../../scripts/bundle-cli.mjs", import.meta.url))], { cwd: root, stdio: "pipe" });
  } catch (e) {
    const out = (e as { stderr?: Buffer }).stderr?.toString() ?? String(e);
    throw new Error(`scripts/bundle-cli.mjs failed:\n${out}`, { cause: e });
  }
}
