/**
 * The page parses scenarios with zod under a CSP without 'unsafe-eval': zod's JIT would probe
 * `new Function` (reported as a CSP violation even though the throw is caught). The page's entry
 * imports this first, before any chunk that builds schemas (the editor, the export view).
 */
import { config } from "zod";

config({ jitless: true });
