import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import { TraceLimits } from "./limits.js";
import { createLineSplitter } from "./lines.js";

function split(chunks: readonly string[]): [string, number][] {
  const out: [string, number][] = [];
  const s = createLineSplitter((n) => {
    throw new Error(`line ${n} too long`);
  });
  const sink = (l: string, n: number) => (out.push([l, n]), true);
  for (const c of chunks) s.push(c, sink);
  s.end(sink);
  return out;
}

describe("createLineSplitter", () => {
  test("numbers lines, strips CR and a leading BOM, and keeps a last line without a line break", () => {
    expect(split(["\uFEFFa,b\r\n", "c\n\nd"])).toEqual([["a,b", 1], ["c", 2], ["", 3], ["d", 4]]);
  });

  fcTest.prop([fc.array(fc.stringMatching(/^[a-z,\r]{0,12}$/), { maxLength: 30 }), fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 40 })])(
    "gives the same lines whatever the chunk boundaries",
    (lines, cuts) => {
      const text = lines.join("\n");
      const chunks: string[] = [];
      for (let i = 0, k = 0; i < text.length; k++) {
        const n = cuts[k % cuts.length]!;
        chunks.push(text.slice(i, i + n));
        i += n;
      }
      expect(split(chunks)).toEqual(split([text]));
    },
  );

  test("a line longer than the limit fails with its number, even before its end arrives", () => {
    const long = "x".repeat(TraceLimits.lineLength + 1);
    expect(() => split(["ok\n", long])).toThrow("line 2 too long");
    expect(() => split(["ok\n", long, "\n"])).toThrow("line 2 too long");
  });

  test("a sink returning false stops reading", () => {
    const s = createLineSplitter(() => {
      throw new Error("never");
    });
    const seen: string[] = [];
    expect(s.push("a\nb\nc\n", (l) => (seen.push(l), l !== "b"))).toBe(false);
    expect(seen).toEqual(["a", "b"]);
  });
});
