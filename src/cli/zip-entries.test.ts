import { strToU8, zipSync } from "fflate";
import { describe, expect, test } from "vitest";
import { zipEntries } from "./zip-entries.js";

const text = "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\ndata: { a: b }\n".repeat(20);
const zip = (level: 0 | 6) => zipSync({ "a.yaml": [strToU8(text), { level }], "b.txt": [strToU8("x"), { level }] });

/** Offset of the central directory entry of the first file. */
const central = (z: Uint8Array) => {
  const view = new DataView(z.buffer);
  for (let at = z.length - 22; at >= 0; at--) if (view.getUint32(at, true) === 0x06054b50) return view.getUint32(at + 16, true);
  throw new Error("no EOCD");
};

describe("zipEntries reads each entry and checks it against what the archive declares", () => {
  test.each([0, 6] as const)("stored and deflated entries (level %i) read back byte for byte", (level) => {
    const entries = zipEntries(zip(level));
    expect(entries.map((e) => [e.name, e.size])).toEqual([["a.yaml", text.length], ["b.txt", 1]]);
    expect(new TextDecoder().decode(entries[0]!.read())).toBe(text);
  });

  test("an entry declaring fewer bytes than it holds is an error, not silently truncated", () => {
    const z = zip(6);
    new DataView(z.buffer).setUint32(central(z) + 24, 100, true);
    expect(() => zipEntries(z)[0]!.read()).toThrow("a.yaml: holds more than the 100 bytes it declares");
  });

  test("an entry declaring more bytes than it holds is an error", () => {
    const z = zip(6);
    new DataView(z.buffer).setUint32(central(z) + 24, text.length + 5, true);
    expect(() => zipEntries(z)[0]!.read()).toThrow(`a.yaml: holds ${text.length} bytes, declares ${text.length + 5}`);
  });

  test("a CRC-32 that does not match the content", () => {
    const z = zip(0);
    const view = new DataView(z.buffer);
    view.setUint32(central(z) + 16, view.getUint32(central(z) + 16, true) ^ 1, true);
    expect(() => zipEntries(z)[0]!.read()).toThrow("a.yaml: CRC-32 mismatch (the entry is damaged)");
  });

  test("not a zip, or a central directory outside the file", () => {
    expect(() => zipEntries(strToU8("hello"))).toThrow("no end of central directory record (not a zip archive)");
    const z = zip(0);
    const view = new DataView(z.buffer);
    view.setUint32(z.length - 22 + 16, z.length, true);
    expect(() => zipEntries(z)).toThrow("the central directory lies outside the archive");
  });
});
