/** Layout of the page: a header with the run bar, the scenario column (sticky on wide screens) and the results column. */
import { css } from "lit";

export const appStyles = css`
  :host { display: block; min-height: 100vh; font: 0.92rem/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ss-text); }
  header { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 1.2rem; padding: 0.5rem 1rem; border-bottom: 1px solid var(--ss-rule); background: var(--ss-bg); position: sticky; top: 0; z-index: 5; }
  h1 { font-size: 1.15rem; margin: 0; letter-spacing: 0.01em; }
  .tagline { color: var(--ss-muted); font-size: 0.82rem; margin: 0; }
  ss-run-bar { flex: 1 1 28rem; }
  .actions { display: flex; gap: 0.4rem; align-items: center; margin-left: auto; }
  .actions button, .actions label.button {
    font: inherit; font-size: 0.82rem; padding: 0.25rem 0.7rem; border-radius: 5px; border: 1px solid var(--ss-rule);
    background: var(--ss-surface); color: var(--ss-text); cursor: pointer;
  }
  .actions button:focus-visible, .actions label.button:focus-within { outline: 2px solid var(--ss-focus); outline-offset: 2px; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  main { display: grid; grid-template-columns: minmax(22rem, max(30rem, 32vw)) minmax(0, 1fr); gap: 0 1.2rem; padding: 0 1rem 2rem; }
  .scenario { position: sticky; top: var(--ss-header, 3.2rem); height: calc(100vh - var(--ss-header, 3.2rem)); display: flex; flex-direction: column; min-width: 0; padding-top: 0.5rem; }
  .scenario [role="tabpanel"] { flex: 1 1 auto; min-height: 0; overflow: auto; padding: 0.6rem 0.1rem 0.6rem 0; }
  .scenario [role="tabpanel"].editor { display: flex; flex-direction: column; overflow: hidden; }
  .scenario ss-scenario-editor { flex: 1 1 auto; }
  .results { min-width: 0; padding-top: 0.5rem; }
  .results [role="tabpanel"] { padding-top: 0.8rem; }
  [hidden] { display: none !important; }
  .banner { margin: 0.6rem 0 0; padding: 0.4rem 0.7rem; border-radius: 5px; background: var(--ss-surface); border-left: 4px solid var(--ss-accent); font-size: 0.85rem; }
  .banner.error { border-left-color: var(--ss-fail); }
  .banner.stale { border-left-color: var(--ss-muted); }
  .traces { display: flex; flex-wrap: wrap; gap: 0.3rem; align-items: center; font-size: 0.8rem; margin-top: 0.4rem; }
  .traces button { font: inherit; font-size: 0.75rem; border: 1px solid var(--ss-rule); border-radius: 1em; background: var(--ss-chip); color: var(--ss-text); padding: 0 0.5em; cursor: pointer; }
  .drop { position: fixed; inset: 0; z-index: 20; display: grid; place-items: center; background: rgb(0 0 0 / 35%); color: #fff; font-size: 1.3rem; pointer-events: none; }
  .placeholder { color: var(--ss-muted); padding: 2rem 0; }
  @media (max-width: 1500px) {
    .tagline { display: none; }
  }
  @media (max-width: 1000px) {
    main { grid-template-columns: minmax(0, 1fr); }
    .scenario { position: static; height: auto; }
    .scenario [role="tabpanel"].editor { height: 60vh; }
  }
`;
