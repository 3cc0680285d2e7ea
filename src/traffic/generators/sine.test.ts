import { describe, expect, test } from "vitest";
import { hexBits } from "../../engine/index.js";
import { sinTurns } from "./sine.js";

describe("sinTurns", () => {
  test("agrees with Math.sin(2πx) to within 1e-15 over many turns", () => {
    let worst = 0;
    for (let i = -20_000; i <= 20_000; i++) {
      const x = i / 1234.567;
      worst = Math.max(worst, Math.abs(sinTurns(x) - Math.sin(2 * Math.PI * (x - Math.floor(x)))));
    }
    expect(worst).toBeLessThan(1e-15);
  });

  test("is exact at the quarter turns and periodic", () => {
    expect([0, 0.25, 0.5, 0.75, 1, -0.25].map((x) => sinTurns(x) + 0)).toEqual([0, 1, 0, -1, 0, -1]);
    expect(sinTurns(3.125)).toBe(sinTurns(0.125));
    expect(sinTurns(-0.875)).toBe(sinTurns(0.125));
  });

  test("its bits are fixed by IEEE arithmetic alone (the browser test checks the same run in Chromium)", () => {
    expect([0.1, 0.3, 0.7, 0.123456789].map((x) => hexBits(sinTurns(x)))).toMatchInlineSnapshot(`
      [
        "3fe2cf2304755a5e",
        "3fee6f0e13445500",
        "bfee6f0e134454ff",
        "3fe6682e33636dbf",
      ]
    `);
  });
});
