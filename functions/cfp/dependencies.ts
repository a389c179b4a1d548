/**
 * What the call for papers' routes are built with, given by the composition roots (api.ts, the
 * context's handler.ts). Each part of the context (submissions/, reviews/, speakers/) adds the
 * stores and ports it needs.
 */
// biome-ignore lint/suspicious/noEmptyInterface: each part of the context adds what it needs.
export interface CfpDependencies {}
