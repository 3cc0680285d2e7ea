/**
 * The app runs without eval (its page has a CSP without 'unsafe-eval'): zod's JIT would compile
 * validators with `new Function`. The browser workers import this first, before any schema is built.
 */
import { config } from "zod";

config({ jitless: true });
