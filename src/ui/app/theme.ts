/** The colour theme: the system's (prefers-color-scheme), or light or dark as chosen, remembered in localStorage. */

export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

const KEY = "servesim.theme";

export function savedTheme(): Theme {
  try {
    const t = localStorage.getItem(KEY);
    return (THEMES as readonly string[]).includes(t ?? "") ? (t as Theme) : "system";
  } catch {
    return "system";
  }
}

export const nextTheme = (t: Theme): Theme => THEMES[(THEMES.indexOf(t) + 1) % THEMES.length]!;

/** Sets `data-theme` on the document (the stylesheet keys its colours on it) and remembers the choice. */
export function applyTheme(t: Theme): void {
  if (t === "system") document.documentElement.removeAttribute("data-theme");
  else document.documentElement.setAttribute("data-theme", t);
  try {
    localStorage.setItem(KEY, t);
  } catch {
    // storage can be unavailable (private windows); the choice then lasts for the page only
  }
}
