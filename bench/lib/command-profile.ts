import { performance } from 'node:perf_hooks';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * DynamoDB calls per command and their mean time, from SDK middleware on the client the local
 * stack's apps share: where a bench's time goes (`--profile`).
 */
export function profileCommands(client: DynamoDBDocumentClient) {
  const stats = new Map<string, { calls: number; ms: number }>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const started = performance.now();
      try {
        return await next(args);
      } finally {
        const command = context.commandName ?? '?';
        const entry = stats.get(command) ?? { calls: 0, ms: 0 };
        entry.calls += 1;
        entry.ms += performance.now() - started;
        stats.set(command, entry);
      }
    },
    { step: 'initialize', name: 'benchCommandProfile' },
  );
  return {
    /** A markdown table: command, calls, mean ms. */
    table(): string {
      const rows = [...stats].map(
        ([command, { calls, ms }]) => `| ${command} | ${calls} | ${(ms / calls).toFixed(1)} |`,
      );
      return ['| DynamoDB command | calls | mean ms |', '|---|---|---|', ...rows].join('\n');
    },
  };
}
