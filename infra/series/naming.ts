import type { EditionSource } from '../../shared/edition/schema.ts';

/**
 * What a series is called and how it serves, from its edition files: pure, so that `cdk synth`
 * and the tests agree on every name.
 */

type Named = Pick<EditionSource, 'shortTitle' | 'year'>;

/** "HPCW20" -> "hpcw": the letters of the short title, which every year of a series shares. */
export function seriesName(editions: readonly Pick<EditionSource, 'shortTitle'>[]): string {
  const names = new Set(
    editions.map(({ shortTitle }) => shortTitle.replace(/[^A-Za-z]/g, '').toLowerCase()),
  );
  const [name, ...others] = names;
  if (!name || others.length > 0) {
    throw new Error(
      `The edition files name ${names.size === 0 ? 'no series' : `several series (${[...names].join(', ')})`}: add -c series=<name>, or one folder per series (-c editionsDir=DIR).`,
    );
  }
  return name;
}

const capitalized = (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;

/** "hpcw" -> "HpcwSeries". */
export function seriesStackId(series: string): string {
  return `${capitalized(series)}Series`;
}

/** "HPCW20" + 2020 -> "Hpcw2020". */
export function editionStackId(edition: Named): string {
  return `${capitalized(seriesName([edition]))}${edition.year}`;
}

/**
 * How the series' one API serves every year: the browser origins of all of them, and the latest
 * year's throttle and public URL (a new year that changes them is deployed with the series).
 */
export function seriesApiSettings(editions: readonly EditionSource[]): EditionSource['api'] {
  const byYear = [...editions].sort((a, b) => a.year - b.year);
  const latest = byYear.at(-1);
  if (!latest) throw new Error('A series needs at least one edition file.');
  const publicUrl = byYear.findLast(({ api }) => api.publicUrl)?.api.publicUrl;
  return {
    allowedOrigins: [...new Set(byYear.flatMap(({ api }) => api.allowedOrigins))],
    throttle: latest.api.throttle,
    ...(publicUrl ? { publicUrl } : {}),
  };
}

/**
 * The managed login domain's prefix from `-c authDomainPrefix`: unique in its region across every
 * account (the stack's default names the series and the account); Cognito refuses "aws",
 * "amazon" and "cognito" in it.
 */
/**
 * `-c emailHashKeySecretArn`: the email key a single-year stack retained, adopted by the series so
 * that the registrations moved from it (scripts/series-migrate.ts) keep their email claims, check-in
 * codes and manage links. Its complete ARN: Secrets Manager's random suffix included.
 */
export function checkedEmailHashKeyArn(arn: string): string {
  if (
    !/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+-[A-Za-z0-9]{6}$/.test(arn)
  ) {
    throw new Error(
      `emailHashKeySecretArn ${arn} must be the complete ARN of a Secrets Manager secret (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>): the EmailHashKey secret of the stack the year comes from, as its console or \`aws secretsmanager list-secrets\` shows it.`,
    );
  }
  return arn;
}

export function checkedAuthDomainPrefix(prefix: string): string {
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix) || /aws|amazon|cognito/.test(prefix)) {
    throw new Error(
      `authDomainPrefix ${prefix} must be lower-case letters, digits and hyphens (at most 63), without "aws", "amazon" or "cognito".`,
    );
  }
  return prefix;
}
