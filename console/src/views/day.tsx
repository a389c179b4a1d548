import type { ConsoleView, ViewProps } from './types.ts';

function Day(props: ViewProps) {
  return <p>Edition {props.year}.</p>;
}

export const dayView: ConsoleView = {
  id: 'day',
  title: 'Workshop day',
  scope: 'edition',
  groups: ['organizers'],
  component: Day,
};
