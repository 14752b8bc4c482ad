import pino from 'pino'
import { loadConfig } from '../config.ts'
import { createInvalidator } from '../cache/invalidation.ts'
import { PageCache } from '../cache/page-cache.ts'
import { checkDataDir } from '../db/data-dir.ts'
import { dataDirOwner, openDatabase } from '../db/database.ts'
import { migrate } from '../db/migrate.ts'
import { ConfigError } from '../config.ts'
import { createEventBus } from '../events.ts'
import { adminSocketPath, AdminSocketError, sendToServer } from './admin-socket.ts'
import { runCommand, type CommandArgs, type CommandIO, type CommandName } from './commands.ts'

/**
 * Runs a checked command where the data is: on PostgreSQL, in this process (the site may be
 * running beside it; what the command changes reaches every node's caches by NOTIFY); on the
 * embedded database, inside the running server when one has it open (through its admin socket),
 * else in this process.
 */
export async function runWhereTheDataIs<K extends CommandName>(name: K, args: CommandArgs[K], io: CommandIO): Promise<number> {
  const config = loadConfig()
  if (!config.databaseUrl) {
    const problem = await checkDataDir(config.dataDir)
    if (problem) throw new ConfigError([problem])
    const pid = await dataDirOwner(config.dataDir)
    if (pid) {
      const socket = adminSocketPath(config.dataDir)
      try {
        return await sendToServer(socket, name, args, io)
      } catch (e) {
        if (!(e instanceof AdminSocketError)) throw e
        throw new Error(
          `The embedded database in ${config.dataDir} is open in Dateline process ${pid}, and ${e.message}. Is it an older version? Restart it, or stop it to run commands directly.`,
          { cause: e },
        )
      }
    }
  }
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir })
  const log = pino({ level: 'silent' })
  const events = createEventBus()
  try {
    if (name !== 'migrate') await migrate(database.db)
    const invalidator = await createInvalidator({ database, cache: new PageCache({ maxBytes: 1 }), events, log })
    try {
      return await runCommand({ db: database.db, events, io, now: () => new Date() }, name, args)
    } finally {
      await invalidator.close()
    }
  } finally {
    await database.close()
  }
}
