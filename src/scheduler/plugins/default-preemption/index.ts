/**
 * DefaultPreemption, the PostFilter plugin (defaultpreemption/default_preemption.go and
 * framework/preemption/preemption.go Evaluator.Preempt): when no node fits, find nodes where
 * evicting lower-priority pods would let the pod fit, dry-run at most max(10% of them, 100)
 * starting at a random offset, and nominate the cheapest. The scheduler evicts the victims.
 */
import * as z from "zod";
import { PodPhase } from "../../../cluster/index.js";
import { strict } from "../../args.js";
import { fitErrorMessage } from "../../fit-error.js";
import { Code, status } from "../../framework.js";
import type { PluginModule, Status } from "../../framework.js";
import type { Candidate } from "./select.js";
import { pickOneNode, selectVictimsOnNode } from "./select.js";

export const DEFAULT_PREEMPTION = "DefaultPreemption";
export const ERR_NOT_HELPFUL = "Preemption is not helpful for scheduling";

const args = strict({
  minCandidateNodesPercentage: z.number().int().min(0).max(100).default(10),
  minCandidateNodesAbsolute: z.number().int().min(0).max(100_000).default(100),
}).superRefine((a, ctx) => {
  if (a.minCandidateNodesPercentage === 0 && a.minCandidateNodesAbsolute === 0) {
    ctx.addIssue({ code: "custom", message: "expected minCandidateNodesPercentage or minCandidateNodesAbsolute above 0" });
  }
});

export type DefaultPreemptionArgs = z.output<typeof args>;

export const defaultPreemption = {
  name: DEFAULT_PREEMPTION,
  args,
  points: ["postFilter"],
  create(a, h) {
    const s = h.cluster;
    const fail = (message: string) => ({ status: status(Code.Unschedulable, `preemption: ${message}`) });
    return {
      name: DEFAULT_PREEMPTION,
      postFilter(cx, pod, statuses) {
        // PodEligibleToPreemptOthers.
        if (pod.template.spec.preemptionPolicy === "Never") return fail("not eligible due to preemptionPolicy=Never.");
        const nominated = s.pod.nominated[pod.ix]!;
        if (nominated >= 0 && statuses.get(nominated)?.code !== Code.UnschedulableAndUnresolvable) {
          let p = s.node.firstPod[nominated]!;
          for (; p >= 0; p = s.pod.nextOnNode[p]!) if (s.pod.phase[p] === PodPhase.Terminating && s.pod.priority[p]! < pod.template.priority) break;
          if (p >= 0) return fail("not eligible due to a terminating pod on the nominated node.");
        }
        const all = h.nodes();
        const nodeStatus = new Map<number, Status>();
        const potential = all.filter((n) => statuses.get(n.ix)?.code !== Code.UnschedulableAndUnresolvable);
        const candidates: Candidate[] = [];
        if (potential.length > 0) {
          const n = potential.length;
          const numCandidates = Math.min(n, Math.max(Math.floor((n * a.minCandidateNodesPercentage) / 100), a.minCandidateNodesAbsolute));
          const offset = h.stream().int(n);
          for (let i = 0; i < n && candidates.length < numCandidates; i++) {
            const node = potential[(offset + i) % n]!;
            const r = selectVictimsOnNode(h, cx, pod, node);
            if ("victims" in r && r.victims.length > 0) candidates.push({ node, victims: r.victims });
            else nodeStatus.set(node.ix, "victims" in r ? status(Code.Error, `expected at least one victim pod on node ${node.name}`) : r.status);
          }
        }
        const best = pickOneNode(s, candidates);
        if (best === undefined) {
          const notHelpful = status(Code.UnschedulableAndUnresolvable, ERR_NOT_HELPFUL);
          return fail(fitErrorMessage(all.length, all.map((n) => nodeStatus.get(n.ix) ?? notHelpful)));
        }
        return { result: { nominatedNode: best.node, victims: best.victims }, status: undefined };
      },
    };
  },
} satisfies PluginModule<DefaultPreemptionArgs>;
