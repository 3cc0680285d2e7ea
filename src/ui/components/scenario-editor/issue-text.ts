/** One scenario issue as the page prints it: `line:col path: message` (the CLI's form without the file). */
import { formatPath } from "../../../scenario/index.js";
import type { ScenarioIssue } from "../../../../workers/protocol.js";

export const issueText = (i: ScenarioIssue): string => `${i.line}:${i.column} ${formatPath(i.path)}: ${i.message}`;
