/** ConfigMap and Secret rules (core/v1 ValidateConfigMap, ValidateSecret): keys, base64 values, the 1 MiB size, the keys each Secret type needs. */
import { checkNamed, keyPath, obj } from "./semantic-util.js";
import type { Obj, Report } from "./semantic-util.js";

/** The most bytes the data of one ConfigMap or Secret may hold (core/v1 MaxSecretSize, also applied to ConfigMaps). */
export const MAX_DATA_BYTES = 1024 * 1024;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8Bytes = (s: string): number => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3;
  }
  return n;
};
const base64Bytes = (s: string): number => (s.length / 4) * 3 - (s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0);

/** ConfigMap and Secret data: keys (IsConfigMapKey), base64 values where binary, at most 1 MiB in all, no key twice. */
function checkData(o: Obj, lists: readonly (readonly [string, "text" | "base64"])[], report: Report): void {
  let total = 0;
  const seen = new Map<string, string>();
  for (const [list, encoding] of lists) {
    for (const [k, v] of Object.entries(obj(o[list]) ?? {})) {
      const at = keyPath(list, k);
      checkNamed(k, "configMapKey", "key", at, report);
      const other = seen.get(k);
      if (other !== undefined && other !== list) report(at, `duplicate key "${k}" (also in ${other})`, "semantic/duplicate-key");
      seen.set(k, list);
      if (typeof v !== "string") continue;
      if (encoding === "base64") {
        if (!BASE64.test(v)) report(at, `invalid base64 value (${v.length} characters): ${list} values are base64-encoded bytes`, "semantic/base64");
        else total += base64Bytes(v);
      } else total += utf8Bytes(v);
    }
  }
  if (total > MAX_DATA_BYTES) report(lists.map(([l]) => l).join(", "), `expected at most ${MAX_DATA_BYTES} bytes of data in all (core/v1 MaxSecretSize), got ${total}`, "semantic/data-size");
}

/** Keys the API server requires of the built-in Secret types (core/v1 ValidateSecret). */
const SECRET_KEYS: Readonly<Record<string, readonly string[]>> = {
  "kubernetes.io/tls": ["tls.crt", "tls.key"],
  "kubernetes.io/dockerconfigjson": [".dockerconfigjson"],
  "kubernetes.io/dockercfg": [".dockercfg"],
  "kubernetes.io/ssh-auth": ["ssh-privatekey"],
};

export function checkSecret(o: Obj, report: Report): void {
  // stringData is merged into data by the API server (UTF-8 bytes), so it counts towards the size as text.
  checkData(o, [["data", "base64"], ["stringData", "text"]], report);
  const type = typeof o["type"] === "string" ? o["type"] : "Opaque";
  const keys = new Set([...Object.keys(obj(o["data"]) ?? {}), ...Object.keys(obj(o["stringData"]) ?? {})]);
  for (const k of SECRET_KEYS[type] ?? []) if (!keys.has(k)) report("data", `a Secret of type ${type} needs the key "${k}"`, "semantic/secret-type-keys");
  if (type === "kubernetes.io/basic-auth" && !keys.has("username") && !keys.has("password")) report("data", `a Secret of type ${type} needs "username" or "password"`, "semantic/secret-type-keys");
  if (type === "kubernetes.io/service-account-token" && typeof obj(obj(o["metadata"])?.["annotations"])?.["kubernetes.io/service-account.name"] !== "string") {
    report("metadata.annotations", `a Secret of type ${type} needs the annotation "kubernetes.io/service-account.name"`, "semantic/secret-type-keys");
  }
}

export const checkConfigMap = (o: Obj, report: Report): void => checkData(o, [["data", "text"], ["binaryData", "base64"]], report);
