import type { StackResources } from './assembly.ts';
import {
  type BenchCost,
  fixedLines,
  resourcesFor,
  TRAFFIC,
  type Traffic,
  total,
  usageLines,
} from './estimate.ts';

/** The README's tables: monthly cost per design and number of editions, then what is counted. */

export interface Design {
  label: string;
  stacks: StackResources[];
}

const dollars = (value: number) => `$${value.toFixed(2)}`;
const count = (value: number) => String(Number(value.toFixed(2)));

/** One design for N editions: its fixed part, usage part and total. */
export function monthly(design: Design, editions: number, bench: BenchCost, traffic: Traffic) {
  const resources = resourcesFor(design.stacks, editions);
  const fixed = total(fixedLines(resources));
  const usage = total(usageLines(bench, resources, editions, traffic));
  return { fixed, usage, total: fixed + usage };
}

export function costMarkdown(
  designs: Design[],
  editionCounts: number[],
  bench: BenchCost,
  traffic: Traffic = TRAFFIC,
): string {
  const header = [
    '| editions |',
    ...designs.map((d) => ` ${d.label}: fixed | usage | **total** |`),
  ].join('');
  const rule = `|---:|${designs.map(() => '---:|---:|---:|').join('')}`;
  const rows = editionCounts.map((editions) => {
    const cells = designs.map((design) => {
      const cost = monthly(design, editions, bench, traffic);
      return ` ${dollars(cost.fixed)} | ${dollars(cost.usage)} | **${dollars(cost.total)}** |`;
    });
    return `| ${editions} |${cells.join('')}`;
  });
  const counted = fixedLines(resourcesFor(designs[0]?.stacks ?? [], 1)).map((line, index) => {
    const quantities = designs.map((design) =>
      editionCounts
        .map((editions) =>
          count(fixedLines(resourcesFor(design.stacks, editions))[index]?.quantity ?? 0),
        )
        .join(' / '),
    );
    return `| ${line.item} | ${dollars(line.unit)} | ${quantities.join(' | ')} |`;
  });
  const stacks = designs.map(
    (design) =>
      `${design.label}: ${design.stacks
        .map(
          (stack) =>
            `${stack.name} (${stack.year === undefined ? 'series' : `year ${stack.year}`})`,
        )
        .join(', ')}`,
  );
  return [
    header,
    rule,
    ...rows,
    '',
    `| fixed item | per unit and month | ${designs.map((d) => `${d.label}: units for ${editionCounts.join(' / ')} editions`).join(' | ')} |`,
    `|---|---:|${designs.map(() => '---:|').join('')}`,
    ...counted,
    '',
    `Stacks read: ${stacks.join('; ')}.`,
  ].join('\n');
}
