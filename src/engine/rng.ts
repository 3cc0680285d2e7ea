/**
 * Named, seeded random streams. Each component draws from its own stream, seeded by
 * `${seed}/${name}`, so adding a component never shifts another component's draws.
 * The generator is Alea (seedrandom/lib/alea: 53-bit multiply-with-carry, passes BigCrush).
 * Sampling uses the portable log/exp of ./math.ts, never Math.log/exp/cos, whose last bits
 * differ between JavaScript engines.
 */
import seedrandom from "seedrandom";
import { exp, log } from "./math.js";

/** Stable path naming a stream, e.g. `traffic/chat/0/arrivals`. */
export type StreamName = `${string}/${string}`;

/** The generator state of a stream (Alea's four words), for checkpoints and tests. */
export interface StreamSnapshot {
  readonly c: number;
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
}

export interface Stream {
  readonly name: StreamName;
  /** Uniform on [0, 1) with 53 bits of randomness. */
  float(): number;
  /** Uniform integer on [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** Exponential with the given mean (mean > 0). */
  exponential(mean: number): number;
  /** Standard normal (Marsaglia's polar method, one variate per call). */
  normal(): number;
  /** Log-normal with the given mean and coefficient of variation (cv ≥ 0). */
  lognormal(mean: number, cv: number): number;
  snapshot(): StreamSnapshot;
}

/** A service-time or inter-event distribution, parameterised by its mean. */
export type Distribution =
  | { readonly distribution: "deterministic"; readonly mean: number }
  | { readonly distribution: "exponential"; readonly mean: number }
  | { readonly distribution: "lognormal"; readonly mean: number; readonly cv: number };

/** Returns a factory of streams for one run; asking twice for the same name is a bug and throws. */
export function createStreams(seed: string | number): (name: StreamName) => Stream {
  const taken = new Set<string>();
  return (name) => {
    if (taken.has(name)) throw new Error(`random stream "${name}" requested twice: streams are never shared`);
    taken.add(name);
    return createStream(`${seed}/${name}`, name);
  };
}

function createStream(seedString: string, name: StreamName): Stream {
  const prng = seedrandom.alea(seedString, { state: true });
  const float = prng.double;
  const normal = (): number => {
    // Polar method: no trigonometry, only log and sqrt (sqrt is exact in IEEE arithmetic).
    let u: number;
    let s: number;
    do {
      u = 2 * float() - 1;
      const v = 2 * float() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    return u * Math.sqrt((-2 * log(s)) / s);
  };
  return {
    name,
    float,
    int: (maxExclusive) => Math.floor(float() * maxExclusive),
    exponential: (mean) => -mean * log(1 - float()),
    normal,
    lognormal: (mean, cv) => {
      const s2 = log(1 + cv * cv);
      return mean * exp(Math.sqrt(s2) * normal() - s2 / 2);
    },
    snapshot: () => {
      const { c, s0, s1, s2 } = prng.state();
      return { c, s0, s1, s2 };
    },
  };
}

/** A sampler for a distribution: a closure with the parameters folded in, for hot loops. */
export function createSampler(d: Distribution, stream: Stream): () => number {
  switch (d.distribution) {
    case "deterministic": {
      const mean = d.mean;
      return () => mean;
    }
    case "exponential": {
      const mean = d.mean;
      const float = stream.float;
      return () => -mean * log(1 - float());
    }
    case "lognormal": {
      if (d.cv === 0) return () => d.mean;
      const s2 = log(1 + d.cv * d.cv);
      const sigma = Math.sqrt(s2);
      const mu = log(d.mean) - s2 / 2;
      return () => exp(mu + sigma * stream.normal());
    }
  }
}
