/**
 * A scenario in a URL: its text deflated (fflate) and base64url-encoded in the fragment, as
 * `#s=<data>`, so a link reproduces the run exactly and the scenario never reaches a server.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from "fflate";

/** The fragment key that carries a scenario. */
export const SHARE_KEY = "s";
/** Largest scenario a link may carry once inflated (the scenario parser's own bound). */
export const MAX_SHARED_BYTES = 1 << 20;

function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** `s=<deflated base64url>` for a location hash. */
export function encodeScenario(text: string): string {
  return `${SHARE_KEY}=${toBase64Url(deflateSync(strToU8(text), { level: 9 }))}`;
}

export type DecodeOutcome = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string } | null;

/** The scenario in a location hash (`#s=…`), null when the hash carries none. */
export function decodeScenario(hash: string): DecodeOutcome {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const data = params.get(SHARE_KEY);
  if (data === null) return null;
  if (!/^[A-Za-z0-9_-]*$/.test(data)) return { ok: false, message: "the link's scenario is not base64url text: was it cut or altered?" };
  try {
    const packed = fromBase64Url(data);
    // Inflate into a bounded buffer: a crafted link cannot expand beyond the limit.
    const out = inflateSync(packed, { out: new Uint8Array(MAX_SHARED_BYTES + 1) });
    if (out.length > MAX_SHARED_BYTES) return { ok: false, message: `the link's scenario expands beyond ${MAX_SHARED_BYTES} bytes` };
    return { ok: true, text: strFromU8(out) };
  } catch (e) {
    return { ok: false, message: `the link's scenario cannot be read (${e instanceof Error ? e.message : String(e)}): was it cut or altered?` };
  }
}
