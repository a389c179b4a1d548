import type { ConsoleView, ViewProps } from './types.ts';

function Webhooks(props: ViewProps) {
  return <p>Edition {props.year}.</p>;
}

export const webhooksView: ConsoleView = {
  id: 'webhooks',
  title: 'Webhooks',
  scope: 'edition',
  groups: ['organizers'],
  component: Webhooks,
};
