/**
 * Node's `isDeepStrictEqual`, taken from the built-in module object rather than imported: an
 * ESM import of `node:util` makes Node build the module's ESM facade, which reads every export
 * and so loads util's lazy parts (argument parsing, diffs, MIME types). That was 3.5 to 4 ms of
 * every cold start of a function whose bundle holds such an import, used or not, since a bundle
 * hoists its built-in imports (measured in a fresh Node 24 process).
 */
export const { isDeepStrictEqual } = process.getBuiltinModule('node:util');
