/**
 * The categorical palette: Okabe and Ito's colour-blind-safe set (Color Universal Design, 2008),
 * ordered for contrast on white and on dark grey. Components use classes `c0`…`c7`, which the
 * styles below map to theme variables, so the dark theme can lighten the darkest entries.
 */
import { css } from "lit";

export const PALETTE_SIZE = 8;

export const colourClass = (i: number): string => `c${((i % PALETTE_SIZE) + PALETTE_SIZE) % PALETTE_SIZE}`;

/** SVG stroke/fill and swatch classes for every palette entry. */
export const paletteStyles = css`
  .c0 { --c: var(--ss-c0, #0072b2); }
  .c1 { --c: var(--ss-c1, #e69f00); }
  .c2 { --c: var(--ss-c2, #009e73); }
  .c3 { --c: var(--ss-c3, #d55e00); }
  .c4 { --c: var(--ss-c4, #cc79a7); }
  .c5 { --c: var(--ss-c5, #56b4e9); }
  .c6 { --c: var(--ss-c6, #8a7d00); }
  .c7 { --c: var(--ss-c7, #555555); }
`;

/** stroke-dasharray per dash style (also used by legend swatches). */
export const DASHES = { solid: "", dash: "6 4", dot: "1.5 3", dashdot: "7 3 1.5 3" } as const;
