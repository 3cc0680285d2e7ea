/**
 * The expanders servesim implements, by the name the autoscaler's `expander` flag gives
 * (cluster-autoscaler/expander/factory/expander_factory.go): each builds an Expander from the
 * options the chain needs (the priority expander's ConfigMap).
 */
import type { Expander } from "../types.js";
import { leastWaste } from "./least-waste.js";
import { mostPods } from "./most-pods.js";
import { price } from "./price.js";
import type { Priorities } from "./priority.js";
import { priorityExpander } from "./priority.js";
import { random } from "./random.js";

/** What an expander may be configured with. */
export interface ExpanderOptions {
  /** The priority expander's priority → node-group name patterns. */
  readonly priorities: Priorities;
}

/** An expander module: its name and factory. */
export interface ExpanderModule {
  readonly name: string;
  create(options: ExpanderOptions): Expander;
}

const fixed = (e: Expander): ExpanderModule => ({ name: e.name, create: () => e });

export const expanders = {
  random: fixed(random),
  "most-pods": fixed(mostPods),
  "least-waste": fixed(leastWaste),
  price: fixed(price),
  priority: { name: "priority", create: ({ priorities }) => priorityExpander(priorities) },
} satisfies Readonly<Record<string, ExpanderModule>>;

/** The expander names, in registry order. */
export const EXPANDER_NAMES = Object.keys(expanders) as (keyof typeof expanders)[];

/** The expander named `name`; throws on an unknown name (the scenario checks names against EXPANDER_NAMES). */
export function createExpander(name: string, options: ExpanderOptions): Expander {
  const m = (expanders as Readonly<Record<string, ExpanderModule>>)[name];
  if (m === undefined) throw new Error(`unknown expander "${name}" (expected ${EXPANDER_NAMES.join(" | ")})`);
  return m.create(options);
}
