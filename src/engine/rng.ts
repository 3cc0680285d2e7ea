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

/** 2^-32 and 2^-53, as in seedrandom's alea.js. */
const TWO_M32 = 2.3283064365386963e-10;
const TWO_M53 = 1.1102230246251565e-16;

/**
 * Alea with its state in fields and its draws as shared methods: seedrandom's seeding (Mash),
 * then the same arithmetic as its `next` and `double`, so every draw is bit-identical to
 * seedrandom's. Methods on one class keep one optimised copy of the code for every run in a
 * process; a closure per stream would be re-optimised, slower, once a second run creates its own.
 */
class AleaStream implements Stream {
  // Declared only (no class-field initialiser): the constructor's first stores then give V8 fields
  // that hold doubles in place. A field defined as undefined first would box every double stored
  // in it, so each draw would allocate two heap numbers.
  private declare s0: number;
  private declare s1: number;
  private declare s2: number;
  private declare c: number;

  constructor(
    readonly name: StreamName,
    seedString: string,
  ) {
    const state = seedrandom.alea(seedString, { state: true }).state();
    this.s0 = state.s0;
    this.s1 = state.s1;
    this.s2 = state.s2;
    this.c = state.c;
  }

  /** Two steps of Alea, the first giving the high bits and the second the low 21: the state is read and written once. */
  float(): number {
    // Each t lies in [0, 2091640), so Math.trunc is Alea's `t | 0` exactly; it stays in floating
    // point (one rounding instruction) where `| 0` converts to an integer and back, which
    // lengthens the chain of dependent steps every draw waits on.
    const t1 = 2091639 * this.s0 + this.c * TWO_M32;
    const c1 = Math.trunc(t1);
    const high = t1 - c1;
    const t2 = 2091639 * this.s1 + c1 * TWO_M32;
    const c2 = Math.trunc(t2);
    const low = t2 - c2;
    this.s0 = this.s2;
    this.s1 = high;
    this.s2 = low;
    this.c = c2;
    return high + Math.trunc(low * 0x200000) * TWO_M53;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.float() * maxExclusive);
  }

  exponential(mean: number): number {
    return -mean * log(1 - this.float());
  }

  normal(): number {
    // Polar method: no trigonometry, only log and sqrt (sqrt is exact in IEEE arithmetic).
    let u: number;
    let s: number;
    do {
      u = 2 * this.float() - 1;
      const v = 2 * this.float() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    return u * Math.sqrt((-2 * log(s)) / s);
  }

  lognormal(mean: number, cv: number): number {
    const s2 = log(1 + cv * cv);
    return mean * exp(Math.sqrt(s2) * this.normal() - s2 / 2);
  }

  snapshot(): StreamSnapshot {
    return { c: this.c, s0: this.s0, s1: this.s1, s2: this.s2 };
  }
}

function createStream(seedString: string, name: StreamName): Stream {
  return new AleaStream(name, seedString);
}

/** Draws values of a distribution. */
export interface Sampler {
  draw(): number;
}

/**
 * A sampler for a distribution, with its parameters folded in, for hot loops. Samplers are
 * objects of a few classes rather than closures, so that every run in a process shares one
 * optimised `draw` per distribution.
 */
export function createSampler(d: Distribution, stream: Stream): Sampler {
  switch (d.distribution) {
    case "deterministic":
      return new FixedSampler(d.mean);
    case "exponential":
      return new ExponentialSampler(d.mean, stream);
    case "lognormal": {
      if (d.cv === 0) return new FixedSampler(d.mean);
      const s2 = log(1 + d.cv * d.cv);
      return new LognormalSampler(log(d.mean) - s2 / 2, Math.sqrt(s2), stream);
    }
  }
}

class FixedSampler implements Sampler {
  constructor(private readonly value: number) {}
  draw(): number {
    return this.value;
  }
}

class ExponentialSampler implements Sampler {
  constructor(
    private readonly mean: number,
    private readonly stream: Stream,
  ) {}
  draw(): number {
    return -this.mean * log(1 - this.stream.float());
  }
}

class LognormalSampler implements Sampler {
  constructor(
    private readonly mu: number,
    private readonly sigma: number,
    private readonly stream: Stream,
  ) {}
  draw(): number {
    return exp(this.mu + this.sigma * this.stream.normal());
  }
}
