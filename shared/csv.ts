/**
 * RFC 4180 CSV (CRLF line breaks, fields quoted when they hold a comma, quote or line break),
 * safe to open in a spreadsheet: a cell that starts with = + - @ or a tab or carriage return
 * would run as a formula, so it gets a leading apostrophe (OWASP's advice).
 */

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return [header, ...rows].map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}
