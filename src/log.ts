import pino, { type Logger } from 'pino'
import type { Config } from './config.ts'

/** The structured logger; secrets in headers and bodies are redacted. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.token', '*.apiToken', 'password', 'token'],
      censor: '[redacted]',
    },
  })
}
