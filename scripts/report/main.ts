/** `npm run report`: writes docs/fidelity.md, stamped with today's date and the commit it was made from. */
import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fidelityReport } from "./fidelity.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();
const dirty = git("status", "--porcelain", "--untracked-files=no") !== "";
const commit = `${git("rev-parse", "--short=12", "HEAD")}${dirty ? " (with uncommitted changes)" : ""}`;
const date = new Date().toISOString().slice(0, 10);

const text = await fidelityReport({
  root,
  date,
  commit,
  simpy: (n, seed) => {
    const r = spawnSync("python3", [`${root}reference/peers/simpy_mmc.py`, String(n), String(seed)], { encoding: "utf8", env: { ...process.env, PYTHONPATH: "/usr/lib/python3/dist-packages" } });
    return r.status === 0 ? r.stdout : null;
  },
});
writeFileSync(`${root}docs/fidelity.md`, text);
process.stdout.write(`wrote docs/fidelity.md (${date}, ${commit})\n`);
