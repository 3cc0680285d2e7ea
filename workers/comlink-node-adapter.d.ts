/**
 * Types for Comlink's worker_threads adapter, whose ESM build ships without a `.d.mts`
 * (its `.d.ts` sits beside the `.mjs` and NodeNext resolution does not pick it up).
 */
declare module "comlink/dist/esm/node-adapter.mjs" {
  import type { Endpoint } from "comlink";

  /** The part of a `worker_threads` Worker or MessagePort the adapter uses. */
  export interface NodeEndpoint {
    postMessage(message: unknown, transfer?: readonly unknown[]): void;
    on(type: "message", listener: (value: unknown) => void): unknown;
    off(type: "message", listener: (value: unknown) => void): unknown;
    start?: () => void;
  }

  // eslint-disable-next-line no-restricted-syntax -- describes comlink's own default export
  export default function nodeEndpoint(nep: NodeEndpoint): Endpoint;
}
