// Lint rules that keep the architecture honest: purity of the simulation modules
// (no ambient time, randomness or I/O) and one-way imports between the folders of DESIGN.md §2.
import js from "@eslint/js";
import boundaries from "eslint-plugin-boundaries";
import globals from "globals";
import tseslint from "typescript-eslint";

/** Folders under src/ and what each may import (DESIGN.md §2; `catalog` is the shipped GPU/model data). */
const layers = {
  engine: [],
  units: [],
  catalog: [],
  scenario: ["units", "catalog", "cluster", "scheduler", "serving", "autoscaling"],
  cluster: ["engine", "units"],
  scheduler: ["cluster", "engine"],
  serving: ["engine", "cluster", "units", "catalog"],
  traffic: ["engine", "units"],
  autoscaling: ["engine", "cluster", "scheduler"],
  faults: ["engine", "cluster", "serving"],
  metrics: ["engine"],
  sim: ["engine", "units", "catalog", "scenario", "cluster", "scheduler", "serving", "traffic", "autoscaling", "faults", "metrics"],
  planner: ["sim", "scenario", "metrics", "serving", "catalog", "units"],
  manifests: ["scenario", "units", "catalog"],
  ui: ["scenario", "manifests", "workers", "units", "catalog"],
  workers: ["scenario", "sim", "planner", "manifests"],
  cli: ["sim", "planner", "manifests", "scenario", "units", "catalog", "workers", "traffic", "metrics"],
  bench: ["sim", "scenario", "units", "metrics", "engine", "catalog", "cli", "traffic", "workers", "cluster", "scheduler", "planner"],
};

const pureFolders = [
  "engine", "units", "catalog", "scenario", "cluster", "scheduler", "serving", "traffic",
  "autoscaling", "faults", "metrics", "sim", "planner", "manifests",
];

const impure = [
  { name: "Date", message: "simulated time only: use the engine clock" },
  { name: "performance", message: "wall-clock time is not allowed in pure modules" },
  { name: "setTimeout", message: "no timers in pure modules: schedule an engine event" },
  { name: "setInterval", message: "no timers in pure modules: schedule an engine event" },
  { name: "setImmediate", message: "no timers in pure modules" },
  { name: "queueMicrotask", message: "no scheduling outside the engine in pure modules" },
  { name: "console", message: "report through results.warnings, not the console" },
  { name: "process", message: "pure modules must not touch the process" },
  { name: "crypto", message: "randomness comes only from seeded engine streams" },
  { name: "fetch", message: "no I/O in pure modules" },
  { name: "XMLHttpRequest", message: "no I/O in pure modules" },
  { name: "window", message: "no DOM in pure modules" },
  { name: "document", message: "no DOM in pure modules" },
  { name: "localStorage", message: "no I/O in pure modules" },
  { name: "Worker", message: "workers are started by the CLI or the UI, not by pure modules" },
];

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "test-results/**", ".scratch/**", "reference/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: "module" },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        { selector: "ExportDefaultDeclaration", message: "use named exports" },
        { selector: "TSEnumDeclaration", message: "use an `as const` object and a union type instead of enum" },
      ],
      "max-lines": ["warn", { max: 300, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ["**/*.test.ts", "test/**/*.ts", "src/catalog/data/*.ts"],
    rules: { "max-lines": "off" },
  },
  {
    files: ["*.config.ts", "*.config.js", "eslint.config.js"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    files: ["bin/**/*.js", "scripts/**/*.{js,mjs}", "*.config.js"],
    languageOptions: { globals: globals.node },
  },
  {
    files: pureFolders.map((f) => `src/${f}/**/*.ts`),
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-globals": ["error", ...impure],
      "no-restricted-properties": [
        "error",
        { object: "Math", property: "random", message: "use a seeded stream from engine/rng" },
        ...["log", "exp", "pow", "cos", "sin", "tan", "atan", "atan2", "log2", "log10", "log1p", "expm1", "cbrt", "hypot", "sinh", "cosh", "tanh"].map((property) => ({
          object: "Math",
          property,
          message: "engines differ in its last bits: use the portable log/exp of engine/math.ts",
        })),
        { object: "globalThis", property: "crypto", message: "use a seeded stream from engine/rng" },
        { object: "globalThis", property: "process", message: "pure modules must not touch the process" },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "ExportDefaultDeclaration", message: "use named exports" },
        { selector: "TSEnumDeclaration", message: "use an `as const` object and a union type instead of enum" },
        { selector: "BinaryExpression[operator='**'][right.type!='Literal']:not([left.bigint])", message: "x ** y is Math.pow: engines differ in its last bits" },
      ],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["node:*", "fs", "fs/*", "path", "os", "child_process", "worker_threads", "http", "https", "net"], message: "no I/O in pure modules" },
          ],
        },
      ],
    },
  },
  {
    files: ["src/**/*.ts", "workers/**/*.ts", "bench/**/*.ts"],
    ignores: ["**/*.test.ts"],
    plugins: { boundaries },
    settings: {
      "import/resolver": { typescript: { alwaysTryTypes: true, project: "./tsconfig.node.json" } },
      "boundaries/elements": [
        ...Object.keys(layers)
          .filter((l) => !["workers", "bench"].includes(l))
          .map((l) => ({ type: l, pattern: `src/${l}` })),
        { type: "workers", pattern: "workers" },
        { type: "bench", pattern: "bench" },
      ],
    },
    rules: {
      "boundaries/dependencies": [
        "error",
        {
          default: "disallow",
          policies: Object.entries(layers).map(([from, to]) => ({
            from: { element: { type: from } },
            allow: { to: { element: { types: { anyOf: [from, ...to] } } } },
          })),
        },
      ],
    },
  },
);
