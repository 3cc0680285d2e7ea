import { readdirSync, readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { main } from "./main.js";

const root = new URL("../../", import.meta.url);
/** The README and every page under docs/. */
const pages = ["README.md", ...readdirSync(new URL("docs/", root), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

/** `npx servesim <command> [subcommand] …` lines of the pages' code blocks, with the options they show. */
const usages = pages.flatMap((page) =>
  [...readFileSync(new URL(page, root), "utf8").matchAll(/^npx servesim ((?:trace |plan (?=merge\b|job\b))?[a-z]+)\b(.*)$/gm)].map((m) => ({ page, command: m[1]!, options: [...m[2]!.matchAll(/--[a-z][a-z-]*/g)].map((o) => o[0]) })),
);

async function help(command: string): Promise<string> {
  let out = "";
  await main([...command.split(" "), "--help"], { stdout: (t) => (out += t), stderr: () => undefined, isTTY: false });
  return out;
}

test("every option the README and the docs show exists on its command (servesim <command> --help lists it)", async () => {
  expect(usages.length).toBeGreaterThanOrEqual(9);
  for (const { page, command, options } of usages) {
    const text = await help(command);
    expect(text, `servesim ${command} --help`).toMatch(/^Usage: servesim/);
    for (const o of options) expect(text.includes(`${o} `) || text.includes(`${o}\n`) || text.includes(`${o},`), `${page}: npx servesim ${command} … ${o}`).toBe(true);
  }
});
