import type { ConsoleView, ViewProps } from './types.ts';

function Registrations(props: ViewProps) {
  return <p>Edition {props.year}.</p>;
}

export const registrationsView: ConsoleView = {
  id: 'registrations',
  title: 'Registrations',
  scope: 'edition',
  groups: ['organizers'],
  component: Registrations,
};
