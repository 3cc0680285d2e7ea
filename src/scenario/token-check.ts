/**
 * Requests to a server whose kind produces tokens (an LLM) need both token lengths: a prompt to
 * prefill and a number of tokens to generate. Each traffic source of such a service must give
 * them — `tokens: { input, output }` or `tokens: { joint }` on a generator, a trace whose format
 * has token columns (azure, mooncake, vidur; a generic trace's map.inputTokens and
 * map.outputTokens), or `tokens` replacing the missing side. There is no default length: a
 * scenario without them is refused, naming the source.
 */
import { serverKinds } from "../serving/index.js";
import type { ServerRegistry } from "../serving/index.js";
import type { TrafficSource } from "./schema.js";

type Issue = (path: (string | number)[], message: string) => void;

/** Token-length sides a traffic source leaves unset (its trace's own columns count). */
function missingSides(src: TrafficSource): ("input" | "output")[] {
  const t = src.tokens;
  if (t?.joint !== undefined) return [];
  // The azure, mooncake and vidur formats have both columns; a generic trace has those its map names.
  const preset = src.trace !== undefined && src.trace.format !== "generic";
  const has = {
    input: t?.input !== undefined || preset || src.trace?.map?.inputTokens !== undefined,
    output: t?.output !== undefined || preset || src.trace?.map?.outputTokens !== undefined,
  };
  return (["input", "output"] as const).filter((side) => !has[side]);
}

/** Reports each traffic source of a token-producing service that leaves a token length unset. */
export function checkTokenLengths(services: readonly { readonly model: { readonly kind: string }; readonly traffic: readonly TrafficSource[] }[], issue: Issue): void {
  services.forEach((svc, i) => {
    if (!(serverKinds as ServerRegistry)[svc.model.kind]?.tokens) return;
    svc.traffic.forEach((src, j) => {
      const missing = missingSides(src);
      if (missing.length === 0) return;
      const at = ["services", i, "traffic", j];
      const sides = missing.join(" and ");
      if (src.trace !== undefined) {
        issue([...at, "trace", "map"], `an LLM service's requests need token lengths: this generic trace maps no ${sides} token column (map.${missing[0]}Tokens), nor does tokens.${missing[0]} replace it`);
      } else if (src.tokens !== undefined) {
        issue([...at, "tokens"], `an LLM service's requests need both token lengths: missing ${sides} (a distribution, or joint: pairs from a trace)`);
      } else {
        issue(at, `an LLM service's requests need token lengths: add tokens: { input: …, output: … } to this traffic source (distributions, or joint: pairs from a trace); there is no default`);
      }
    });
  });
}
