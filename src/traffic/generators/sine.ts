/**
 * sin(2π·turns), bit-identical in every JavaScript engine (Math.sin is not: engines differ in the
 * last bits). The angle is reduced exactly in turns to |r| ≤ π/4, then evaluated with the
 * fdlibm 5.3 kernels (k_sin.c, k_cos.c; Sun Microsystems, freely distributable), error < 1 ulp.
 */

const S1 = -1.66666666666666324348e-1;
const S2 = 8.33333333332248946124e-3;
const S3 = -1.98412698298579493134e-4;
const S4 = 2.75573137070700676789e-6;
const S5 = -2.50507602534068634195e-8;
const S6 = 1.58969099521155010221e-10;
const C1 = 4.16666666666666019037e-2;
const C2 = -1.38888888888741095749e-3;
const C3 = 2.48015872894767294178e-5;
const C4 = -2.75573143513906633035e-7;
const C5 = 2.08757232129817482790e-9;
const C6 = -1.13596475577881948265e-11;
const TWO_PI = 6.283185307179586;

function kernelSin(x: number): number {
  const z = x * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  return x + z * x * (S1 + z * r);
}

function kernelCos(x: number): number {
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  const hz = 0.5 * z;
  const w = 1 - hz;
  return w + (1 - w - hz + z * r);
}

/** sin(2π·turns) for any finite `turns`. */
export function sinTurns(turns: number): number {
  const f = turns - Math.floor(turns);
  const q = Math.round(4 * f);
  const r = (f - q / 4) * TWO_PI;
  switch (q & 3) {
    case 0:
      return kernelSin(r);
    case 1:
      return kernelCos(r);
    case 2:
      return -kernelSin(r);
    default:
      return -kernelCos(r);
  }
}
