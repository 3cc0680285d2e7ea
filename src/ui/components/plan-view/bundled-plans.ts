/**
 * The files a plan in the page can name, keyed by their path in the repository: the bundled
 * plans (plans/*.yaml, offered as examples), their scenarios (plans/scenarios/) and the gallery's
 * scenarios (scenarios/). Built into the planner's chunk, loaded with the Plan view.
 */
const plans = import.meta.glob<string>("../../../../plans/*.yaml", { query: "?raw", import: "default", eager: true });
const scenarios = import.meta.glob<string>(["../../../../plans/scenarios/*.yaml", "../../../../scenarios/*.yaml"], { query: "?raw", import: "default", eager: true });

const repoPath = (globbed: string): string => globbed.replace(/^(\.\.\/)+/, "");

export interface ExamplePlan {
  /** Path in the repository (`plans/chat-llama-8b.yaml`). */
  readonly file: string;
  readonly name: string;
  readonly description: string;
  readonly text: string;
}

const field = (text: string, key: string): string => new RegExp(`^\\s+${key}:\\s*(.+)$`, "m").exec(text)?.[1]?.trim() ?? "";

export const examplePlans: readonly ExamplePlan[] = Object.entries(plans)
  .map(([path, text]) => ({ file: repoPath(path), name: field(text, "name") || repoPath(path), description: field(text, "description"), text }))
  .sort((a, b) => a.file.localeCompare(b.file));

/** Scenario texts a plan may name, by repository path. */
export const planFiles: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(scenarios).map(([path, text]) => [repoPath(path), text]));
