import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { problemText } from '../../api.ts';
import type { ViewProps } from '../types.ts';

/**
 * A view's component loaded when first opened (its own chunk: esbuild splits at `import()`), so
 * that the console's initial JavaScript stays small. Once loaded it stays.
 */
export function lazyView(
  load: () => Promise<{ default: FunctionComponent<ViewProps> }>,
): FunctionComponent<ViewProps> {
  let loaded: FunctionComponent<ViewProps> | undefined;
  return function LazyView(props: ViewProps) {
    const [View, setView] = useState(() => loaded);
    const [failure, setFailure] = useState<string>();
    useEffect(() => {
      if (View) return;
      load().then(
        (module) => {
          loaded = module.default;
          setView(() => module.default);
        },
        (error: unknown) => setFailure(problemText(error)),
      );
    }, []);
    if (failure) return <p role="alert">The view could not be loaded: {failure}</p>;
    return View ? <View {...props} /> : <p aria-busy="true">Loading the view…</p>;
  };
}
