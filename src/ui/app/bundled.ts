/** The bundled scenarios (scenarios/*.yaml, built into the page) as gallery cards, quickstart first. */
import type { ScenarioCard } from "../components/scenario-gallery/tags.js";
import { scenarioCard } from "../components/scenario-gallery/tags.js";

const texts = import.meta.glob<string>("../../../scenarios/*.yaml", { query: "?raw", import: "default", eager: true });

export const DEFAULT_SCENARIO = "scenarios/quickstart.yaml";

export const bundledScenarios: readonly ScenarioCard[] = Object.entries(texts)
  .map(([path, text]) => scenarioCard(`scenarios/${path.split("/").pop()!}`, text))
  .sort((a, b) => (a.file === DEFAULT_SCENARIO ? -1 : b.file === DEFAULT_SCENARIO ? 1 : a.name.localeCompare(b.name)));

export const defaultScenario: ScenarioCard = bundledScenarios.find((s) => s.file === DEFAULT_SCENARIO)!;
