/**
 * Portable log and exp, so that simulations give bit-identical results in every JavaScript
 * engine. ECMAScript only asks Math.log/exp/pow/cos to approximate, and V8 versions differ in
 * the last bit (Node 20 and Chromium 156 disagree on about one result in ten). These use only
 * IEEE arithmetic, which is exact everywhere. Method and coefficients: fdlibm 5.3, e_log.c and
 * e_exp.c (Sun Microsystems, freely distributable); error below 1 ulp.
 */

// Views on one double, to read its high and low 32-bit words. Only reads follow the write: a
// narrow write followed by a wide read of the same bytes stalls the CPU (no store forwarding),
// so scaling by powers of two goes through the exact table below instead of the exponent bits.
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
f64[0] = 1;
/** Index of the high word (the one holding sign, exponent and the top of the mantissa). */
const HI = u32[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;

/** POW2[e + 1074] = 2^e for e in [−1074, 1023], built by exact halving and doubling. */
const POW2 = new Float64Array(2098);
for (let e = 0, p = 1; e <= 1023; e++, p *= 2) POW2[e + 1074] = p;
for (let e = 0, p = 1; e >= -1074; e--, p /= 2) POW2[e + 1074] = p;
const pow2 = (e: number): number => POW2[e + 1074]!;

const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const TWO54 = 1.8014398509481984e16;
const LG1 = 6.666666666666735130e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

/** Natural logarithm, bit-identical across engines. */
export function log(x: number): number {
  f64[0] = x;
  const hx = u32[HI]!;
  // Zero, subnormals, negatives, infinities and NaN take the rare path.
  if (hx < 0x00100000 || hx >= 0x7ff00000) return logSpecial(x);
  return logNormal(x, hx, 0);
}

/** log of a positive normal x whose high word is hx, plus k0·ln2 (k0 = −54 for a scaled subnormal). */
function logNormal(x: number, hx: number, k0: number): number {
  let k = k0 + (hx >>> 20) - 1023;
  hx &= 0x000fffff;
  // Normalise the mantissa into [sqrt(2)/2, sqrt(2)), adjusting k; x·2^-k is exact.
  const i = (hx + 0x95f64) & 0x100000;
  k += i >>> 20;
  const f = x * pow2(k0 - k) - 1;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20
    if (f === 0) return dk * LN2_HI + dk * LN2_LO;
    const r = f * f * (0.5 - 0.3333333333333333 * f);
    return dk * LN2_HI - (r - dk * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    return dk * LN2_HI - (hfsq - (s * (hfsq + r) + dk * LN2_LO) - f);
  }
  return dk * LN2_HI - (s * (f - r) - dk * LN2_LO - f);
}

function logSpecial(x: number): number {
  if (x !== x || x === Infinity) return x;
  if (x === 0) return -Infinity;
  if (x < 0) return NaN;
  // Subnormal: scale into the normal range, then count the scaling in k.
  const scaled = x * TWO54;
  f64[0] = scaled;
  return logNormal(scaled, u32[HI]!, -54);
}

const INV_LN2 = 1.44269504088896338700;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;
const EXP_OVERFLOW = 7.09782712893383973096e2;
const EXP_UNDERFLOW = -7.45133219101941108420e2;
const TWO_M1000 = 9.33263618503218878990e-302;

/** e^x, bit-identical across engines. */
export function exp(x: number): number {
  if (x !== x) return x;
  if (x > EXP_OVERFLOW) return Infinity;
  if (x < EXP_UNDERFLOW) return 0;
  const ax = x < 0 ? -x : x;
  let k = 0;
  let hi = x;
  let lo = 0;
  if (ax > 0.5 * LN2_HI) {
    // x = k·ln2 + r with |r| ≤ ln2/2 (ln2 split in two for extra precision).
    if (ax < 1.5 * LN2_HI) k = x < 0 ? -1 : 1;
    else k = Math.trunc(INV_LN2 * x + (x < 0 ? -0.5 : 0.5));
    hi = x - k * LN2_HI;
    lo = k * LN2_LO;
  } else if (ax < 3.725290298461914e-9) {
    return 1 + x;
  }
  const r = hi - lo;
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((r * c) / (c - 2) - r);
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  // y·2^k, exact unless the result is subnormal (then rounded once, as fdlibm does).
  if (k >= -1021) return k === 1024 ? y * 2 * pow2(1023) : y * pow2(k);
  return y * pow2(k + 1000) * TWO_M1000;
}

/** The high 32 bits of a double: sign, exponent and the top 20 bits of the mantissa. */
export function highWord(x: number): number {
  f64[0] = x;
  return u32[HI]!;
}

/** The double whose high and low 32-bit words are these. */
export function fromWords(high: number, low: number): number {
  u32[HI] = high;
  u32[LO] = low;
  return f64[0]!;
}

/** The raw bits of a double as 16 hex digits (tests and digests). */
export function hexBits(x: number): string {
  f64[0] = x;
  return u32[HI]!.toString(16).padStart(8, "0") + u32[LO]!.toString(16).padStart(8, "0");
}
