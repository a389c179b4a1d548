/** esbuild bundles imported stylesheets into the build's CSS file (console/build.ts). */
declare module '*.css';
