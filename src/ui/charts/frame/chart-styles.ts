/** Styles every chart shares: the figure and caption, legends, axes, grid, the hover rule and its tooltip. */
import { css } from "lit";
import { paletteStyles } from "./palette.js";

export const chartStyles = [
  paletteStyles,
  css`
    :host { display: block; position: relative; min-width: 0; }
    figure { margin: 0; }
    figcaption { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.2em 1em; margin-bottom: 0.2em; }
    h3 { font-size: 0.95rem; margin: 0; }
    .note { color: var(--ss-muted); font-size: 0.8rem; margin: 0 0 0.3em; }
    .legend { display: flex; flex-wrap: wrap; gap: 0.15em 1em; list-style: none; margin: 0 0 0.2em; padding: 0; font-size: 0.8rem; }
    .legend li { display: inline-flex; align-items: center; gap: 0.35em; white-space: nowrap; }
    .legend svg { width: 22px; height: 10px; overflow: visible; }
    .legend line { stroke: var(--c); stroke-width: 2.5; }
    .legend rect { fill: var(--c); }
    .legend .faint { opacity: 0.55; }
    .plotwrap { position: relative; }
    svg.plot { display: block; overflow: visible; font-size: 11px; touch-action: none; }
    svg.plot:focus-visible { outline: 2px solid var(--ss-focus); outline-offset: 2px; }
    .axis line, .axis .domain { stroke: var(--ss-axis); }
    .axis text { fill: var(--ss-text); }
    .axis .title { fill: var(--ss-muted); font-size: 11px; }
    .grid line { stroke: var(--ss-grid); }
    .series { fill: none; stroke: var(--c); stroke-width: 1.8; stroke-linejoin: round; }
    .series.faint { stroke-width: 1.4; opacity: 0.6; }
    .rule line { stroke: var(--c); stroke-width: 1.2; stroke-dasharray: 2 3; }
    .rule text { fill: var(--c); font-size: 10.5px; paint-order: stroke; stroke: var(--ss-bg); stroke-width: 3px; }
    .mark path { fill: var(--c); stroke: var(--ss-bg); stroke-width: 1; }
    .mark:focus-visible path { stroke: var(--ss-focus); stroke-width: 2.5; }
    .mark { outline: none; }
    .hover line { stroke: var(--ss-muted); stroke-width: 1; }
    .hover circle { fill: var(--c); stroke: var(--ss-bg); stroke-width: 1.5; }
    .zoomed { fill: var(--ss-muted); font-size: 10.5px; }
    .tooltip {
      position: absolute; z-index: 2; pointer-events: none; max-width: 22rem;
      background: var(--ss-surface); color: var(--ss-text); border: 1px solid var(--ss-rule);
      border-radius: 4px; padding: 0.35em 0.55em; font-size: 0.78rem; line-height: 1.35;
      box-shadow: 0 2px 8px rgb(0 0 0 / 18%);
    }
    .tooltip b { font-weight: 600; }
    .tooltip .row { display: flex; gap: 0.5em; align-items: center; }
    .tooltip .sw { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 2px; background: var(--c); flex: none; }
    .tooltip .v { margin-left: auto; font-variant-numeric: tabular-nums; padding-left: 0.8em; }
    button { font: inherit; font-size: 0.8rem; padding: 0.15rem 0.6rem; border-radius: 4px; border: 1px solid var(--ss-rule); background: var(--ss-surface); color: var(--ss-text); cursor: pointer; }
    button:disabled { opacity: 0.45; cursor: default; }
    button:focus-visible { outline: 2px solid var(--ss-focus); outline-offset: 1px; }
    .empty { color: var(--ss-muted); font-size: 0.85rem; padding: 1em 0; }
  `,
];
