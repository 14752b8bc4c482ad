import type { Logger } from 'pino'
import type { Config } from './config.ts'
import type { Database } from './db/database.ts'
import type { EventBus } from './events.ts'

/** A source of the current time; tests pass a fixed one. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** Everything the app is built from, made once in main.ts (or a test) and passed down. */
export interface Deps {
  config: Config
  database: Database
  log: Logger
  clock: Clock
  events: EventBus
}
