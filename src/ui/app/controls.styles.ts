/** Buttons, inputs and selects as every component draws them: theme colours and a visible focus ring. */
import { css } from "lit";

export const controlStyles = css`
  button, input, select, textarea { font: inherit; color: var(--ss-text); }
  button {
    font-size: 0.85rem; padding: 0.2rem 0.75rem; border-radius: 5px; border: 1px solid var(--ss-rule);
    background: var(--ss-surface); cursor: pointer;
  }
  button:hover:not(:disabled) { border-color: var(--ss-accent); }
  button:disabled { opacity: 0.45; cursor: default; }
  input:not([type="checkbox"]):not([type="file"]), select {
    padding: 0.15rem 0.35rem; border: 1px solid var(--ss-rule); border-radius: 4px; background: var(--ss-surface); min-width: 0;
  }
  button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, summary:focus-visible {
    outline: 2px solid var(--ss-focus); outline-offset: 1px;
  }
`;
