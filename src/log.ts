import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON logs; pretty in a terminal. Tokens never reach a log line, and citizens' texts are not logged. */
export function createLogger(name = 'inbox', level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const pretty = process.stdout.isTTY && process.env.NODE_ENV !== 'production';
  return pino({
    name,
    level,
    redact: { paths: ['*.credentials', '*.token', '*.authorization', 'req.headers.authorization', '*.text'], censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  });
}
