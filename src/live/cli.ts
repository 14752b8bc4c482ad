import fs from 'node:fs/promises'
import type { Command } from 'commander'
import pino from 'pino'
import type { Database } from '../db/database.ts'
import { isAppError } from '../errors.ts'
import { createEventBus } from '../events.ts'
import { EMPTY_FORM, formProblems, parseStationForm } from './station-form.ts'
import { createStationService } from './station-service.ts'

export interface StationCliContext {
  withDatabase: (fn: (database: Database) => Promise<void>) => Promise<void>
  io: { out: (s: string) => void; err: (s: string) => void }
  fail: () => void
}

const collect = (value: string, previous: string[] = []) => [...previous, value]

/** `dateline station add|list|remove`: configure live radio without the newsroom. */
export function addStationCommands(program: Command, ctx: StationCliContext): void {
  const { io } = ctx
  const station = program.command('station').description('Live-radio stations: add, list, remove')
  const service = (database: Database) => createStationService({ db: database.db, events: createEventBus(), log: pino({ level: 'silent' }), now: () => new Date() })

  station
    .command('add')
    .description('Add a station; it is the Listen Live station if it is the first')
    .requiredOption('--name <name>', 'station name')
    .requiredOption('--stream <url>', 'stream URL, Icecast mount or HLS .m3u8 (repeat for fallbacks; add " aac" etc. when the URL does not say)', collect)
    .option('--time-zone <zone>', 'IANA time zone of the schedule', 'Europe/London')
    .option('--status-url <url>', 'Icecast status-json.xsl URL, for the title on air and listeners')
    .option('--slug <slug>', 'short name in its URL (default: from the name)')
    .option('--description <text>', 'one line about the station')
    .option('--schedule <file>', 'weekly schedule, one programme a line: "Mon-Fri 06:00-09:00 | Show | Host | Description"')
    .action(async (opts: { name: string; stream: string[]; timeZone: string; statusUrl?: string; slug?: string; description?: string; schedule?: string }) => {
      const schedule = opts.schedule ? await fs.readFile(opts.schedule, 'utf8') : ''
      const parsed = parseStationForm({
        ...EMPTY_FORM,
        name: opts.name,
        slug: opts.slug ?? '',
        description: opts.description ?? '',
        timeZone: opts.timeZone,
        streams: opts.stream.join('\n'),
        statusUrl: opts.statusUrl ?? '',
        schedule,
      })
      const report = (problems: { field: string; message: string }[]) => {
        for (const p of problems) io.err(`error: ${p.message}`)
        ctx.fail()
      }
      if (parsed.problems.length) return report(parsed.problems)
      await ctx.withDatabase(async (database) => {
        const stations = service(database)
        try {
          const s = await stations.create(await stations.defaultEditionId(), parsed.fields)
          io.out(`Added station ${s.id}: "${s.name}" (${s.streams.length} stream${s.streams.length === 1 ? '' : 's'}, ${s.schedule.length} programme${s.schedule.length === 1 ? '' : 's'}), at /live${(await stations.list(s.editionId))[0]?.id === s.id ? '' : `/${s.slug}`}`)
        } catch (e) {
          if (!isAppError(e) || !e.fields.length) throw e
          report(formProblems(e.fields, parsed.scheduleLines, parsed.streamLines))
        }
      })
    })

  station
    .command('list')
    .description('List the stations')
    .action(async () => {
      await ctx.withDatabase(async (database) => {
        const stations = service(database)
        const all = await stations.list(await stations.defaultEditionId())
        if (all.length === 0) io.out('No stations. Add one with: dateline station add --name NAME --stream URL')
        for (const s of all) io.out(`${s.id}\t${s.slug}\t${s.name}\t${s.timeZone}\t${s.streams.map((x) => x.url).join(' ')}`)
      })
    })

  station
    .command('remove')
    .description('Remove a station')
    .argument('<slug>', 'the station’s short name')
    .action(async (slug: string) => {
      await ctx.withDatabase(async (database) => {
        const stations = service(database)
        const s = await stations.getBySlug(await stations.defaultEditionId(), slug)
        if (!s) {
          io.err(`error: there is no station "${slug}" (see: dateline station list)`)
          return ctx.fail()
        }
        await stations.remove(s.id)
        io.out(`Removed station "${s.name}".`)
      })
    })
}
