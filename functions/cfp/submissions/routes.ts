import type { Hono } from 'hono';
import type { CfpDependencies } from '../dependencies.ts';

/** The submissions routes of the call for papers (skeleton: filled in by issue 25's work). */
export function registerSubmissionRoutes(_app: Hono, _dependencies: CfpDependencies): void {}
