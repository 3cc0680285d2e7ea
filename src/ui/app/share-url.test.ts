import quickstart from "../../../scenarios/quickstart.yaml?raw";
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { decodeScenario, encodeScenario, MAX_SHARED_BYTES } from "./share-url.js";


describe("share URL", () => {
  test.prop([fc.string({ unit: "grapheme", maxLength: 2000 })])("decodeScenario(encodeScenario(text)) gives the text back", (text) => {
    expect(decodeScenario(`#${encodeScenario(text)}`)).toEqual({ ok: true, text });
  });

  test("encodeScenario of the quickstart is URL-safe and much shorter than the text", () => {
    const hash = encodeScenario(quickstart);
    expect(hash).toMatch(/^s=[A-Za-z0-9_-]+$/);
    expect(hash.length).toBeLessThan(quickstart.length);
  });

  test("decodeScenario of a hash without a scenario is null", () => {
    expect(decodeScenario("")).toBeNull();
    expect(decodeScenario("#tab=charts")).toBeNull();
  });

  test("decodeScenario of a cut or altered link says so instead of throwing", () => {
    const hash = encodeScenario(quickstart);
    const cut = decodeScenario(`#${hash.slice(0, hash.length / 2)}`);
    expect(cut).toMatchObject({ ok: false });
    expect(decodeScenario("#s=not*base64")).toMatchObject({ ok: false, message: expect.stringContaining("base64url") });
  });

  test("decodeScenario refuses a link that inflates beyond the scenario size limit", () => {
    const bomb = encodeScenario("a".repeat(MAX_SHARED_BYTES + 10));
    expect(bomb.length).toBeLessThan(3000);
    expect(decodeScenario(`#${bomb}`)).toMatchObject({ ok: false });
  });
});
