import { describe, expect, test } from "vitest";
import { createEngine, createStreams, Priority } from "../engine/index.js";
import { RejectReason } from "./contract.js";
import { createRequestHooks } from "./hooks.js";
import type { HookSpec } from "./hooks.js";
import type { RequestInput, RequestObserver } from "./observer.js";
import { createServingPlane } from "./plane.js";

const INPUT: RequestInput = { inputTokens: 0, outputTokens: 0, serviceTime: NaN, requestClass: -1, hashIds: null };

/** A plane of one classic service (one instance per pod, `mean` seconds per request), its log of outcomes, and arrivals at given times. */
function plane(hooks: HookSpec = { activator: null, retry: null }, model: Record<string, unknown> = {}) {
  const engine = createEngine();
  const log: string[] = [];
  let inFlight = 0;
  const observer: RequestObserver = {
    arrived: (_s, now) => log.push(`arrived@${now}`),
    admitted: () => void inFlight++,
    withdrawn: () => void inFlight--,
    rejected: (_s, now, reason, origin) => log.push(`rejected(${reason})@${now} from ${origin}`),
    firstToken: () => undefined,
    completed: (_s, origin, start, _first, now) => (inFlight--, log.push(`completed@${now} started ${start} from ${origin}`)),
    failed: (_s, origin, now) => (inFlight--, log.push(`failed@${now} from ${origin}`)),
    timedOut: (_s, origin, now) => (inFlight--, log.push(`timedOut@${now} from ${origin}`)),
    drained: (pod, now) => log.push(`drained ${pod}@${now}`),
  };
  const classic = { kind: "classic", concurrency: 1, serviceTime: { distribution: "deterministic", mean: 1 }, dtype: "fp16", ...model };
  const p = createServingPlane({
    engine,
    services: [{ name: "svc", model: classic, routing: { policy: "round-robin" } }],
    maxInFlight: 1000,
    observer,
    stream: createStreams(1),
    warn: (m) => log.push(`warn: ${m}`),
    hooks: (port) => createRequestHooks(engine, [hooks], port),
  });
  const codes = engine.on({ "test.arrive": (_: number, now: number) => p.arrive(0, now, INPUT), "test.act": (i: number, now: number) => acts[i]!(now) }, { "test.arrive": Priority.Arrival });
  const acts: ((now: number) => void)[] = [];
  return {
    p,
    log,
    flight: () => inFlight,
    arriveAt: (...times: number[]) => times.forEach((t) => engine.schedule(t, codes["test.arrive"], 0)),
    at: (t: number, act: (now: number) => void) => engine.schedule(t, codes["test.act"], acts.push(act) - 1),
    run: (until = Infinity) => engine.runUntil(until),
  };
}

describe("serving plane", () => {
  test("without a Ready pod a request is rejected for want of an endpoint; with one it is served FCFS", () => {
    const x = plane();
    x.arriveAt(0);
    x.at(0.5, (now) => x.p.podReady(7, 0, null, now));
    x.arriveAt(1, 1.2);
    x.run();
    expect(x.log).toEqual(["arrived@0", `rejected(${RejectReason.NoEndpoint})@0 from 0`, "arrived@1", "arrived@1.2", "completed@2 started 1 from 1", "completed@3 started 2 from 1.2"]);
    expect(x.p.routed(7)).toBe(2);
    expect(x.flight()).toBe(0);
  });

  test("the activator holds a request while no pod is Ready and sends it on when one is; latency counts from its first arrival", () => {
    const x = plane({ activator: { queueLimit: 1, timeout: 10 }, retry: null });
    x.arriveAt(0, 0.1);
    x.at(2, (now) => x.p.podReady(3, 0, null, now));
    x.run();
    expect(x.log).toEqual(["arrived@0", "arrived@0.1", `rejected(${RejectReason.NoEndpoint})@0.1 from 0.1`, "completed@3 started 2 from 0"]);
    expect(x.p.hooks.activated[0]).toBe(1);
    expect(x.p.hooks.held(0)).toBe(0);
  });

  test("a held request that waits beyond the activator's timeout times out, counted from its first arrival", () => {
    const x = plane({ activator: { queueLimit: 5, timeout: 3 }, retry: null });
    x.arriveAt(1);
    x.run();
    expect(x.log).toEqual(["arrived@1", "timedOut@4 from 1"]);
    expect(x.flight()).toBe(0);
  });

  test("a pod whose machine is gone cuts its requests; new ones sent there fail at once until the endpoint is removed, and retries go to the pods left", () => {
    const x = plane({ activator: null, retry: { attempts: 1, backoff: 0.25 } });
    x.at(0, (now) => {
      x.p.podReady(0, 0, null, now);
      x.p.podReady(1, 0, null, now);
    });
    x.arriveAt(0.5, 0.6);
    x.at(0.7, (now) => x.p.podDown(0, 0, now));
    // Round-robin: the next arrival goes to the dead pod, fails at once and is retried.
    x.arriveAt(0.8);
    x.at(0.9, () => x.p.removeEndpoint(0, 0));
    x.arriveAt(1);
    x.run();
    expect(x.p.isDown(0)).toBe(true);
    expect(x.p.hooks.retried[0]).toBe(2);
    expect(x.log).toEqual([
      "arrived@0.5",
      "arrived@0.6",
      "arrived@0.8",
      "arrived@1",
      // Pod 1 serves them all, in the order they reached it: 0.6; 0.5 (cut at 0.7, retried at 0.95);
      // 1; then 0.8 (failed at once on the dead pod, retried at 1.05).
      "completed@1.6 started 0.6 from 0.6",
      "completed@2.6 started 1.6 from 0.5",
      "completed@3.6 started 2.6 from 1",
      "completed@4.6 started 3.6 from 0.8",
    ]);
    expect(x.flight()).toBe(0);
  });

  test("a terminating pod leaves the endpoints, finishes what it holds and says when it has drained", () => {
    const x = plane();
    x.at(0, (now) => x.p.podReady(4, 0, null, now));
    x.arriveAt(0, 0.5);
    x.at(0.7, (now) => expect(x.p.podTerminating(4, 0, now)).toBe(true));
    x.arriveAt(1);
    x.run();
    // At t = 1 the departure is handled before the arrival (engine priorities).
    expect(x.log).toEqual(["arrived@0", "arrived@0.5", "completed@1 started 0 from 0", "arrived@1", `rejected(${RejectReason.NoEndpoint})@1 from 1`, "completed@2 started 1 from 0.5", "drained 4@2"]);
  });

  test("a pod whose model cannot be timed where it landed joins no endpoint, with a warning", () => {
    const x = plane({ activator: null, retry: null }, { id: "resnet-50", serviceTime: undefined });
    x.at(0, (now) => x.p.podReady(2, 0, null, now));
    x.arriveAt(1);
    x.run();
    expect(x.p.readyPods(0)).toEqual([]);
    expect(x.log[0]).toMatch(/^warn: service svc: pods on nodes without a GPU cannot time model "resnet-50"/);
  });

  test("a service of an unknown kind, or with an unknown routing policy, is an error naming the registered ones", () => {
    const make = (model: { kind: string }, policy = "random") => () =>
      createServingPlane({
        engine: createEngine(),
        services: [{ name: "svc", model, routing: { policy } }],
        maxInFlight: 10,
        observer: {} as RequestObserver,
        stream: createStreams(1),
        warn: () => undefined,
      });
    expect(make({ kind: "triton" })).toThrow('service svc: unknown model kind "triton" (expected classic | llm)');
    expect(make({ kind: "classic", concurrency: 1, dtype: "fp16" } as { kind: string }, "fastest")).toThrow('unknown routing policy "fastest"');
  });

  test("a run halted by too many requests in flight names the service that holds them, not the one whose arrival hit the cap", () => {
    const engine = createEngine();
    const quiet = () => undefined;
    const observer: RequestObserver = { arrived: quiet, admitted: quiet, withdrawn: quiet, rejected: quiet, firstToken: quiet, completed: quiet, failed: quiet, timedOut: quiet, drained: quiet };
    const classic = (mean: number) => ({ kind: "classic", concurrency: 1, serviceTime: { distribution: "deterministic", mean }, dtype: "fp16" });
    const p = createServingPlane({
      engine,
      services: [
        { name: "healthy", model: classic(0.001), routing: { policy: "round-robin" } },
        { name: "overloaded", model: classic(1000), routing: { policy: "round-robin" } },
      ],
      maxInFlight: 5,
      observer,
      stream: createStreams(1),
      warn: quiet,
    });
    const codes = engine.on({ "test.arrive": (s: number, now: number) => p.arrive(s, now, INPUT) }, { "test.arrive": Priority.Arrival });
    p.podReady(0, 0, null, 0);
    p.podReady(1, 1, null, 0);
    for (const t of [1, 1.1, 1.2, 1.3]) engine.schedule(t, codes["test.arrive"], 1);
    engine.schedule(1.35, codes["test.arrive"], 0);
    engine.schedule(1.4, codes["test.arrive"], 1);
    engine.schedule(2, codes["test.arrive"], 0);
    engine.runUntil(10);
    expect(engine.haltReason).toBe('more than 5 requests in flight at t=2s: service "overloaded" holds 5 of them and cannot keep up with its traffic; give it more replicas or a queueLimit');
  });
});
