import type { ComponentChildren } from 'preact';

/**
 * A table's box that scrolls sideways on a narrow screen: a named region that takes focus, so
 * that keyboard users can scroll it too (axe: scrollable-region-focusable).
 */
export function Scroll(props: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to scroll by keyboard.
    <section class="table" aria-label={props.label} tabIndex={0}>
      {props.children}
    </section>
  );
}
