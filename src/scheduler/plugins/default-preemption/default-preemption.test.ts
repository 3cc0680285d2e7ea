import { describe, expect, test } from "vitest";
import { miniCluster } from "../../../../test/support/mini-cluster.js";

function cluster() {
  const c = miniCluster([{ name: "n1" }, { name: "n2" }]);
  const low = c.template("low", 0, { priority: 0, containers: [{ requests: { cpu: 2000 } }] });
  const mid = c.template("mid", 1, { priority: 10, containers: [{ requests: { cpu: 3000 } }] });
  const [older, newer] = c.place(low, "n1", 2);
  c.s.pod.boundAt[older!] = 5;
  c.s.pod.boundAt[newer!] = 50;
  const [m] = c.place(mid, "n2");
  return { c, older: older!, newer: newer!, mid: m! };
}

describe("DefaultPreemption", () => {
  test("evicts as few and as unimportant pods as it can: the newest lowest-priority pod on the cheapest node", () => {
    const { c, newer } = cluster();
    const high = c.template("high", 2, { priority: 100, containers: [{ requests: { cpu: 2000 } }] });
    const r = c.cycle(c.framework(), c.pod(high));
    expect(r.node).toBeNull();
    expect(r.message).toBe("0/2 nodes are available: 2 Insufficient cpu.");
    expect(r.postFilter?.nominatedNode.name).toBe("n1");
    expect(r.postFilter?.victims).toEqual([newer]);
  });

  test("a pod with preemptionPolicy Never does not preempt, and says why", () => {
    const { c } = cluster();
    const high = c.template("high", 2, { priority: 100, preemptionPolicy: "Never", containers: [{ requests: { cpu: 2000 } }] });
    const r = c.cycle(c.framework(), c.pod(high));
    expect(r.postFilter).toBeUndefined();
    expect(r.message).toBe("0/2 nodes are available: 2 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.");
  });

  test("pods of equal or higher priority are never victims", () => {
    const { c } = cluster();
    const peer = c.template("peer", 3, { priority: 0, containers: [{ requests: { cpu: 2000 } }] });
    const r = c.cycle(c.framework(), c.pod(peer));
    expect(r.postFilter).toBeUndefined();
    expect(r.message).toBe("0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.");
  });

  test("nodes rejected for reasons eviction cannot fix are not tried", () => {
    const { c } = cluster();
    const huge = c.template("huge", 2, { priority: 100, containers: [{ requests: { cpu: 9000 } }] });
    const r = c.cycle(c.framework(), c.pod(huge));
    expect(r.message).toBe("0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
  });
});

describe("DefaultPreemption victim selection", () => {
  test("victims are reprieved from the most important down, keeping only those the pod cannot fit beside", () => {
    const c = miniCluster([{ name: "n1" }]);
    const low = c.template("low", 0, { priority: 0, containers: [{ requests: { cpu: 1000 } }] });
    const high = c.template("high", 1, { priority: 9, containers: [{ requests: { cpu: 3000 } }] });
    c.place(high, "n1");
    c.place(low, "n1");
    const r = c.cycle(c.framework(), c.pod(c.template("top", 2, { priority: 50, containers: [{ requests: { cpu: 2000 } }] })));
    // Both are below 50 and both go; `high` is tried back first but 3000 + 2000 > 4000, so it stays a victim; `low` fits back.
    expect(r.postFilter?.victims.map((v) => c.s.pod.name[v])).toEqual(["high-0"]);
  });
});
