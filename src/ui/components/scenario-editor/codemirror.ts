/**
 * The CodeMirror 6 editor of a scenario, loaded on demand (a dynamic import keeps CodeMirror
 * out of the first bundle): YAML highlighting, line numbers, history, and the scenario's issues
 * as lint diagnostics at their line and column, re-checked as you type (by `check`, off the main thread).
 */
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { yaml } from "@codemirror/lang-yaml";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { forceLinting, lintGutter, linter } from "@codemirror/lint";
import type { Diagnostic } from "@codemirror/lint";
import { EditorState, StateEffect } from "@codemirror/state";
import type { Text } from "@codemirror/state";
import { EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from "@codemirror/view";
import { tags as t } from "@lezer/highlight";
import type { ScenarioIssue } from "../../../../workers/protocol.js";
import { issueText } from "./issue-text.js";

export interface EditorHandle {
  /** Replaces the whole text (a scenario picked, a knob changed, a file dropped). */
  setText(text: string): void;
  /** Issues of the last run of `text` (trace errors the live check cannot see). */
  setRunIssues(text: string, issues: readonly ScenarioIssue[]): void;
  /** Puts the cursor at a 1-based line and column, scrolls it into view and focuses the editor. */
  reveal(line: number, column: number): void;
  destroy(): void;
}

export interface EditorOptions {
  readonly text: string;
  readonly label: string;
  /** The content's data-testid (default `editor`). */
  readonly testId?: string;
  /** Called after each change with the new text. */
  readonly onChange: (text: string) => void;
  /** Ctrl/Cmd-Enter. */
  readonly onRun: () => void;
  /** The issues of a text (the scenario parser, in a worker). */
  readonly check: (text: string) => Promise<readonly ScenarioIssue[]>;
  /** Called after each check with the issues found (parse issues plus matching run issues). */
  readonly onIssues: (issues: readonly ScenarioIssue[]) => void;
}

const highlight = HighlightStyle.define([
  { tag: [t.propertyName, t.definition(t.propertyName)], color: "var(--ss-syn-key)" },
  { tag: [t.string, t.special(t.string)], color: "var(--ss-syn-string)" },
  { tag: [t.number, t.bool, t.null, t.atom], color: "var(--ss-syn-number)" },
  { tag: [t.comment, t.lineComment], color: "var(--ss-syn-comment)", fontStyle: "italic" },
  { tag: [t.punctuation, t.separator, t.squareBracket, t.brace], color: "var(--ss-muted)" },
  { tag: [t.keyword, t.meta, t.typeName], color: "var(--ss-syn-meta)" },
]);

const theme = EditorView.theme({
  "&": { color: "var(--ss-text)", backgroundColor: "var(--ss-surface)", border: "1px solid var(--ss-rule)", borderRadius: "6px", height: "100%" },
  "&.cm-focused": { outline: "2px solid var(--ss-focus)", outlineOffset: "1px" },
  ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace", fontSize: "0.82rem", lineHeight: "1.45" },
  ".cm-gutters": { backgroundColor: "var(--ss-bg)", color: "var(--ss-muted)", borderRight: "1px solid var(--ss-rule)" },
  ".cm-activeLine": { backgroundColor: "var(--ss-active-line)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--ss-active-line)" },
  ".cm-cursor": { borderLeftColor: "var(--ss-text)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": { backgroundColor: "var(--ss-selection) !important" },
  ".cm-tooltip": { backgroundColor: "var(--ss-surface)", color: "var(--ss-text)", border: "1px solid var(--ss-rule)" },
});

/** Document offsets of a 1-based line and column (clamped), to the end of the token there. */
function range(doc: Text, line: number, column: number): { from: number; to: number } {
  const l = doc.line(Math.min(Math.max(1, line), doc.lines));
  const from = Math.min(l.from + Math.max(0, column - 1), l.to);
  const rest = doc.sliceString(from, l.to);
  const token = /^[^\s:,{}[\]]+/.exec(rest)?.[0].length ?? 0;
  return { from, to: Math.max(from + token, Math.min(l.to, from + 1)) };
}

/** Run issues changed: the linter checks again. */
const runIssuesChanged = StateEffect.define<null>();

export function createEditor(parent: HTMLElement, options: EditorOptions): EditorHandle {
  let runIssues: { text: string; issues: readonly ScenarioIssue[] } = { text: "", issues: [] };
  const check = async (view: EditorView): Promise<Diagnostic[]> => {
    const doc = view.state.doc;
    const text = doc.toString();
    let found: readonly ScenarioIssue[];
    try {
      found = await options.check(text);
    } catch (e) {
      found = [{ file: "<editor>", line: 1, column: 1, path: [], message: `the scenario could not be checked (${e instanceof Error ? e.message : String(e)})` }];
    }
    // A run of this text reports its parse issues too (the same ones) and trace errors (which only a run sees).
    const seen = new Set(found.map(issueText));
    const issues = [...found, ...(runIssues.text === text ? runIssues.issues.filter((i) => !seen.has(issueText(i))) : [])];
    // A newer text is being checked: its result will tell.
    if (view.state.doc !== doc) return [];
    options.onIssues(issues);
    return issues.map((i) => ({ ...range(doc, i.line, i.column), severity: "error", message: issueText(i), source: i.file }));
  };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightActiveLine(),
        history(),
        yaml(),
        syntaxHighlighting(highlight),
        lintGutter(),
        linter(check, { delay: 300, needsRefresh: (u) => u.transactions.some((t) => t.effects.some((e) => e.is(runIssuesChanged))) }),
        keymap.of([{ key: "Mod-Enter", run: () => (options.onRun(), true) }, ...defaultKeymap, ...historyKeymap]),
        EditorView.contentAttributes.of({ "aria-label": options.label, "data-testid": options.testId ?? "editor", "aria-multiline": "true" }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) options.onChange(u.state.doc.toString());
        }),
        theme,
      ],
    }),
  });
  return {
    setText(text) {
      if (text === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    setRunIssues(text, issues) {
      runIssues = { text, issues };
      view.dispatch({ effects: runIssuesChanged.of(null) });
      forceLinting(view);
    },
    reveal(line, column) {
      const at = range(view.state.doc, line, column).from;
      view.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: "center" }) });
      view.focus();
    },
    destroy: () => view.destroy(),
  };
}
