/**
 * The page's CSP has no 'unsafe-eval': zod must never compile validators with `new Function` on
 * the page's thread. Schemas decide at construction, so this runs first, before any lazily loaded
 * module (the planner's) builds one; zod's config is one object shared by every chunk.
 */
import { config } from "zod";

config({ jitless: true });
