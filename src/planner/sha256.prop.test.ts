import { createHash } from "node:crypto";
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { sha256Hex } from "./sha256.js";

test("sha256Hex of the empty string and of 'abc' are the FIPS 180-4 vectors", () => {
  expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
});

test.prop([fc.string({ unit: "binary", maxLength: 300 })])("sha256Hex equals node:crypto's digest of the UTF-8 bytes", (text) => {
  expect(sha256Hex(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
});
