import { LogLevel, type Logger as SlackLogger } from '@slack/logger';

type Level = 'debug' | 'info' | 'warn' | 'error';
const severity: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Our logger; it is also handed to Bolt so that Bolt's own lines are redacted and formatted alike. */
export interface Logger extends SlackLogger {
  /** A structured line: `event` names what happened, `fields` carry user, action and ids. */
  event(level: Level, event: string, fields?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  format: 'json' | 'pretty';
  level: Level;
  /** Values that must never be printed (tokens, the signing secret). */
  secrets?: (string | undefined)[];
  write?: (line: string) => void;
}

const tokenPattern = /\b(xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+)/g;

/** Replaces every known secret and anything shaped like a Slack token with a marker. */
function redact(text: string, secrets: string[]): string {
  let out = text.replace(tokenPattern, '[verborgen]');
  for (const secret of secrets) if (secret.length >= 6) out = out.split(secret).join('[verborgen]');
  return out;
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

export function createLogger(options: LoggerOptions): Logger {
  const level: Level = options.level;
  let name = 'opvangbot';
  const secrets = (options.secrets ?? []).filter((s): s is string => Boolean(s));
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));

  function emit(at: Level, event: string, fields: Record<string, unknown> = {}): void {
    if (severity[at] < severity[level]) return;
    const time = new Date().toISOString();
    const line =
      options.format === 'json'
        ? JSON.stringify({ time, level: at, name, event, ...fields }, (_k, v) => (v instanceof Error ? describe(v) : v))
        : `${time} ${at.toUpperCase().padEnd(5)} ${event}${Object.keys(fields).length ? ` ${describe(fields)}` : ''}`;
    write(redact(line, secrets));
  }

  const plain = (at: Level) => (...msg: unknown[]) => emit(at, msg.map(describe).join(' '));
  return {
    event: emit,
    debug: plain('debug'),
    info: plain('info'),
    warn: plain('warn'),
    error: plain('error'),
    // Bolt and the Web API client call setLevel on the logger they are handed (to their default,
    // info); the level is ours to set, from LOG_LEVEL only.
    setLevel: (_l: LogLevel) => undefined,
    getLevel: () => level as LogLevel,
    setName: (n: string) => {
      name = n;
    },
  };
}
