/** `npm run bench -- <name> [options]`: runs one benchmark and prints one JSON line per result. */
import { engineBench } from "./engine.js";
import { llmBench } from "./llm.js";
import { memoryBench } from "./memory.js";
import { peersBench } from "./peers.js";
import { planBench } from "./plan.js";
import { schedulerBench } from "./scheduler.js";
import { startupBench } from "./startup.js";
import { tracesBench } from "./traces.js";

const benches: Record<string, (args: readonly string[]) => Promise<void>> = {
  engine: engineBench,
  llm: llmBench,
  memory: memoryBench,
  peers: peersBench,
  plan: planBench,
  scheduler: schedulerBench,
  startup: startupBench,
  traces: tracesBench,
};

const [name, ...args] = process.argv.slice(2);
const bench = name === undefined ? undefined : benches[name];
if (bench === undefined) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(benches).join("|")}> [options]\n`);
  process.exit(1);
}
await bench(args);
