import type { ConsoleView, ViewProps } from './types.ts';

function Audit(props: ViewProps) {
  return <p>Edition {props.year}.</p>;
}

export const auditView: ConsoleView = {
  id: 'audit',
  title: 'Audit log',
  scope: 'edition',
  groups: ['organizers'],
  component: Audit,
};
