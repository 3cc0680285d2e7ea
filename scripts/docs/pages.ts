/** The docs pages generated from the code, and how each is made (`root`: the repository, with a trailing slash). */
import { generateCliReference } from "./cli-reference.js";
import { generateScenarioReference } from "./scenario-reference.js";
import { generateScenarioList } from "./scenario-list.js";

export interface GeneratedPage {
  readonly path: string;
  generate(root: string): string;
}

export const GENERATED_PAGES: readonly GeneratedPage[] = [
  { path: "docs/reference/scenario.md", generate: (root) => generateScenarioReference(`${root}src/scenario/schema.ts`) },
  { path: "docs/reference/cli.md", generate: () => generateCliReference() },
  { path: "docs/scenarios.md", generate: (root) => generateScenarioList(root) },
];
