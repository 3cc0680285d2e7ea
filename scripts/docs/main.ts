/** `npm run docs`: regenerates the reference pages that are built from the code (a test fails when they drift). */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { GENERATED_PAGES } from "./pages.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
for (const page of GENERATED_PAGES) {
  writeFileSync(`${root}${page.path}`, page.generate(root));
  process.stdout.write(`wrote ${page.path}\n`);
}
