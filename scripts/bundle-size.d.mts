/** Types of bundle-size.mjs (the browser tests call it on the app they built). */
export declare const BUDGET_BYTES: number;
export interface ChunkSize {
  readonly file: string;
  readonly gzip: number;
}
export declare function bundleSizes(dir: string): { initial: ChunkSize[]; initialGzip: number; lazy: ChunkSize[] };
