import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { main } from "./main.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

/** `npx servesim <command> [subcommand] …` lines of the README's code blocks, with the options they show. */
const usages = [...readme.matchAll(/^npx servesim ((?:trace )?[a-z]+)\b(.*)$/gm)].map((m) => ({ command: m[1]!, options: [...m[2]!.matchAll(/--[a-z][a-z-]*/g)].map((o) => o[0]) }));

async function help(command: string): Promise<string> {
  let out = "";
  await main([...command.split(" "), "--help"], { stdout: (t) => (out += t), stderr: () => undefined, isTTY: false });
  return out;
}

test("every option the README shows exists on its command (servesim <command> --help lists it)", async () => {
  expect(usages.length).toBeGreaterThanOrEqual(9);
  for (const { command, options } of usages) {
    const text = await help(command);
    expect(text, `servesim ${command} --help`).toMatch(/^Usage: servesim/);
    for (const o of options) expect(text.includes(`${o} `) || text.includes(`${o}\n`) || text.includes(`${o},`), `README: npx servesim ${command} … ${o}`).toBe(true);
  }
});
