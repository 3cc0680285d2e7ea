/** The model-server kinds servesim runs, by the name a scenario's `model.kind` gives. */
import type { ServerKindModule } from "../contract.js";
import { classicServer } from "./classic/index.js";
import { llmServer } from "./llm/index.js";

/** Server kinds by name; a method's parameter is bivariant, so each kind keeps its own model type. */
export type ServerRegistry = Readonly<Record<string, ServerKindModule<{ readonly kind: string }>>>;

export const serverKinds = {
  classic: classicServer,
  llm: llmServer,
} satisfies ServerRegistry;

/** The model block of any kind in a registry. */
export type ServerModel<R extends ServerRegistry = typeof serverKinds> = { [K in keyof R]: R[K] extends ServerKindModule<infer M> ? M : never }[keyof R];
