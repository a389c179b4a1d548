/**
 * Structured logs, one JSON line per event. Only scalar fields chosen by the caller: method,
 * path, status, ids. Never bodies, headers or query strings, where names, emails and tokens
 * travel. LOG_LEVEL (debug, info, warn, error; default info) filters.
 */

type Level = 'debug' | 'info' | 'warn' | 'error';
type Fields = Record<string, string | number | boolean | null | undefined>;

const LEVELS: Level[] = ['debug', 'info', 'warn', 'error'];

function enabled(level: Level): boolean {
  const threshold = LEVELS.indexOf((process.env.LOG_LEVEL as Level | undefined) ?? 'info');
  return LEVELS.indexOf(level) >= (threshold < 0 ? 1 : threshold);
}

function write(level: Level, message: string, fields: Fields): void {
  if (!enabled(level)) return;
  const line = JSON.stringify({ level, time: new Date().toISOString(), message, ...fields });
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
}

export const log = {
  info: (message: string, fields: Fields = {}) => write('info', message, fields),
  warn: (message: string, fields: Fields = {}) => write('warn', message, fields),
  error: (message: string, fields: Fields = {}) => write('error', message, fields),
};
