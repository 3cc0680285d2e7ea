/**
 * Scoring the feasible nodes of a cycle (schedule_one.go prioritizeNodes, selectHost): PreScore,
 * Score (from the framework's cache where a plugin allows), NormalizeScore, weighting, then the
 * highest total with ties broken by a seeded draw.
 */
import type { NodeView } from "../cluster/index.js";
import type { Stream } from "../engine/index.js";
import { Depends, storeNumber } from "./cache.js";
import type { CacheEntry } from "./cache.js";
import type { ExplainRecorder } from "./explain.js";
import { Code, MAX_NODE_SCORE, MIN_NODE_SCORE } from "./framework.js";
import type { CycleCx, PodInfo } from "./framework.js";
import type { Framework } from "./runtime.js";

/**
 * PreScore, Score, NormalizeScore and weighting into `totals` (zeroed by the caller); returns an
 * error message or null. `listed`: the framework's scratch 0 and 1 already hold the feasible nodes'
 * ids and versions. Without a recorder, the totals may differ from the recorded ones by the
 * same amount on every node (a plugin whose scores are all equal is left out), which changes
 * neither the highest total nor the ties.
 */
export function prioritize(fw: Framework, cx: CycleCx, pod: PodInfo, feasible: readonly NodeView[], totals: Float64Array, rec: ExplainRecorder | undefined, listed = false, sum = true): string | null {
  const n = feasible.length;
  const scratch = fw.scratch;
  const scores = scratch.float(0, n, false);
  // Node ids and versions once, for the cache lookups of every plugin (`listed`: the walk wrote them).
  const ixs = scratch.int(0, n);
  const versions = scratch.int(1, n);
  const missed = scratch.int(2, n);
  // Caches hold results of live views only (a what-if view's version is -1).
  let cached = true;
  if (!listed) {
    for (let i = 0; i < n; i++) {
      const node = feasible[i]!;
      ixs[i] = node.ix;
      versions[i] = node.version;
      if (node.version < 0) cached = false;
    }
  }
  // The walk's nodes are live views; plugins may then use their ids instead of touching the views.
  const live = listed && cx.overrides === undefined ? ixs.subarray(0, n) : undefined;
  let skipped: string[] | null = null;
  for (const p of fw.preScore) {
    const s = p.preScore!(cx, pod, feasible, live);
    if (s === undefined) continue;
    if (s.code === Code.Skip) (skipped ??= []).push(p.name);
    else return `${p.name} PreScore: ${s.reasons.join("; ")}`;
  }
  const score = fw.score;
  // Without a recorder, the plugins whose final score depends on node state alone are summed together.
  const summed = rec || !sum || !cached ? 0 : addSummed(fw, cx, pod, feasible, ixs, versions, totals, skipped);
  if (summed < 0) return prioritize(fw, cx, pod, feasible, totals.fill(0), rec, listed, false);
  for (let j = 0; j < score.length; j++) {
    const sp = score[j]!;
    const plugin = sp.plugin;
    const weight = sp.weight;
    if (skipped !== null && skipped.includes(plugin.name)) {
      rec?.scored(plugin.name, weight, null, null);
      continue;
    }
    if ((summed & (1 << j)) !== 0) continue;
    if (!rec && plugin.scoresZero !== undefined && plugin.scoresZero(cx, pod)) continue;
    const e = cached ? fw.scoreEntry(sp, pod.template.id) : null;
    if (e !== null && !rec && !plugin.normalizeScores) {
      // No normalisation: cached raw scores go straight into the totals; misses are scored after.
      const misses = addFromCache(e, sp.depends === Depends.NodeState, ixs, versions, totals, weight, n, missed);
      if (misses < 0) return invalidScore(plugin.name, e.numbers[ixs[-misses - 1]!]!);
      for (let k = 0; k < misses; k++) {
        const i = missed[k]!;
        const v = plugin.score!(cx, pod, feasible[i]!);
        storeNumber(e, feasible[i]!, v);
        if (!(v >= MIN_NODE_SCORE && v <= MAX_NODE_SCORE)) return invalidScore(plugin.name, v);
        totals[i]! += v * weight;
      }
      continue;
    }
    if (e === null) {
      // An explained decision scores node by node (the reference the batch form must agree with).
      if (plugin.scoreNodes !== undefined && !rec) plugin.scoreNodes(cx, pod, feasible, scores, live);
      else for (let i = 0; i < n; i++) scores[i] = plugin.score!(cx, pod, feasible[i]!);
    } else {
      // Feasible nodes are live views, so every one may use the cache; misses are scored and stored.
      const misses = fromCache(e, sp.depends === Depends.NodeState, ixs, versions, scores, n, missed);
      for (let k = 0; k < misses; k++) {
        const i = missed[k]!;
        storeNumber(e, feasible[i]!, (scores[i] = plugin.score!(cx, pod, feasible[i]!)));
      }
    }
    if (!rec && plugin.defaultNormalize !== undefined && addDefaultNormalized(scores, totals, weight, n, plugin.defaultNormalize.reverse)) continue;
    const raw = rec ? Float64Array.from(scores) : null;
    if (plugin.normalizeScores) plugin.normalizeScores(cx, pod, feasible, scores);
    const bad = accumulate(scores, totals, weight, n);
    if (bad >= 0) return invalidScore(plugin.name, scores[bad]!);
    rec?.scored(plugin.name, weight, raw, scores);
  }
  rec?.feasible(feasible, totals);
  return null;
}

/**
 * The score plugins without normalisation whose raw score depends on node state alone (two or
 * more of them): adds their weighted sum to the totals, cached per template and node version as
 * one number. Returns the mask of the plugins done (bit = slot; 0: none), or -1, with part of the
 * totals added, when a score is outside 0..100 or not an integer (the plugin-by-plugin steps then
 * give their result or error). Scores are integers, so the totals do not depend on the order in
 * which they are added.
 */
function addSummed(fw: Framework, cx: CycleCx, pod: PodInfo, feasible: readonly NodeView[], ixs: Int32Array, versions: Int32Array, totals: Float64Array, skipped: readonly string[] | null): number {
  const score = fw.score;
  if (score.length > 16) return 0;
  let mask = 0;
  let count = 0;
  for (let j = 0; j < score.length; j++) {
    const sp = score[j]!;
    const p = sp.plugin;
    if (sp.depends !== Depends.NodeState || p.normalizeScores || p.scoreNodes || p.scoresZero || (skipped !== null && skipped.includes(p.name))) continue;
    mask |= 1 << j;
    count++;
  }
  if (count < 2) return 0;
  const e = fw.sumEntry(mask, pod.template.id);
  if (e === null) return 0;
  const sums = e.numbers;
  const cached = e.versions;
  const n = feasible.length;
  for (let i = 0; i < n; i++) {
    const ix = ixs[i]!;
    let v: number;
    if (cached[ix] === versions[i]) v = sums[ix]!;
    else {
      v = 0;
      for (let j = 0; j < score.length; j++) {
        if ((mask & (1 << j)) === 0) continue;
        const sp = score[j]!;
        const s = sp.plugin.score!(cx, pod, feasible[i]!);
        if (!(s >= MIN_NODE_SCORE && s <= MAX_NODE_SCORE && Number.isInteger(s))) return -1;
        v += s * sp.weight;
      }
      e.set[ix] = 1;
      e.versions[ix] = versions[i]!;
      sums[ix] = v;
    }
    totals[i]! += v;
  }
  return mask;
}

/*
 * A node-state cell is valid when its version is the node's (an empty cell holds -1, and live
 * views' versions are never negative); other cells when they are set.
 */

/** Copies cached scores of the nodes at `ixs`; returns how many missed, their positions in `missed`. */
function fromCache(e: CacheEntry<number>, byVersion: boolean, ixs: Int32Array, versions: Int32Array, scores: Float64Array, n: number, missed: Int32Array): number {
  const numbers = e.numbers;
  const set = e.set;
  const cached = e.versions;
  let misses = 0;
  for (let i = 0; i < n; i++) {
    const ix = ixs[i]!;
    if (byVersion ? cached[ix] === versions[i] : set[ix] === 1) scores[i] = numbers[ix]!;
    else missed[misses++] = i;
  }
  return misses;
}

/**
 * Adds the weighted cached scores of the nodes at `ixs` to the totals; returns how many missed (their
 * positions in `missed`), or −(position + 1) of a cached score outside 0..100.
 */
function addFromCache(e: CacheEntry<number>, byVersion: boolean, ixs: Int32Array, versions: Int32Array, totals: Float64Array, weight: number, n: number, missed: Int32Array): number {
  const numbers = e.numbers;
  const set = e.set;
  const cached = e.versions;
  let misses = 0;
  for (let i = 0; i < n; i++) {
    const ix = ixs[i]!;
    if (byVersion ? cached[ix] === versions[i] : set[ix] === 1) {
      const v = numbers[ix]!;
      if (!(v >= MIN_NODE_SCORE && v <= MAX_NODE_SCORE)) return -i - 1;
      totals[i]! += v * weight;
    } else missed[misses++] = i;
  }
  return misses;
}

/** Adds weighted scores to the totals; returns the position of a score outside 0..100, or -1. */
function accumulate(scores: Float64Array, totals: Float64Array, weight: number, n: number): number {
  for (let i = 0; i < n; i++) {
    const v = scores[i]!;
    if (!(v >= MIN_NODE_SCORE && v <= MAX_NODE_SCORE)) return i;
    totals[i]! += v * weight;
  }
  return -1;
}

/**
 * DefaultNormalizeScore and weighting in one go: adds each node's weighted normalised score to the
 * totals, except when all of them are equal (every raw score 0), which would not change which
 * totals are highest. False, with nothing added, when a raw score is negative or not finite (the
 * plain steps then give their result or error).
 */
function addDefaultNormalized(scores: Float64Array, totals: Float64Array, weight: number, n: number, reverse: boolean): boolean {
  let top = 0;
  for (let i = 0; i < n; i++) {
    const v = scores[i]!;
    if (!(v >= 0 && v < Infinity)) return false;
    if (v > top) top = v;
  }
  if (top === 0) return true;
  for (let i = 0; i < n; i++) {
    const s = Math.floor((MAX_NODE_SCORE * scores[i]!) / top);
    totals[i]! += (reverse ? MAX_NODE_SCORE - s : s) * weight;
  }
  return true;
}

const invalidScore = (plugin: string, s: number) =>
  `plugin ${plugin} returns an invalid score ${s}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`;

/** selectHost: the highest total; among equal ones, a uniform seeded draw. */
export function selectHost(totals: Float64Array, stream: Stream): number {
  // Upstream draws at every tie (reservoir sampling); one draw among the tied nodes gives the same
  // uniform choice with fewer draws.
  let max = -Infinity;
  let ties = 0;
  for (let i = 0; i < totals.length; i++) {
    if (totals[i]! > max) {
      max = totals[i]!;
      ties = 1;
    } else if (totals[i] === max) ties++;
  }
  let pick = ties > 1 ? stream.int(ties) : 0;
  for (let i = 0; i < totals.length; i++) if (totals[i] === max && pick-- === 0) return i;
  return 0;
}
