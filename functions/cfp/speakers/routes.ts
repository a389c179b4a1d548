import type { Hono } from 'hono';
import type { CfpDependencies } from '../dependencies.ts';

/** The speakers routes of the call for papers (skeleton: filled in by issue 25's work). */
export function registerSpeakerRoutes(_app: Hono, _dependencies: CfpDependencies): void {}
