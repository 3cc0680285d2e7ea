import type { CliIo } from "../io.js";
import { Exit } from "../io.js";
import { loadScenarioFile } from "../load.js";

/** `servesim validate <scenario>`: checks a scenario without running it. */
export async function validateCommand(file: string, io: CliIo): Promise<number> {
  const s = await loadScenarioFile(file);
  const nodes = s.cluster.nodePools.reduce((n, p) => n + p.count, 0);
  const pods = s.services.reduce((n, svc) => n + svc.replicas, 0);
  io.stdout(`${file}: ok (${s.services.length} services, ${pods} pods, ${s.cluster.nodePools.length} node pools, ${nodes} nodes)\n`);
  return Exit.Ok;
}
