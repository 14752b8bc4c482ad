import type { Kysely } from 'kysely'
import pino from 'pino'
import type { DB } from '../db/schema.ts'
import { isAppError } from '../errors.ts'
import type { EventBus } from '../events.ts'
import { formProblems } from './station-form.ts'
import type { StationFields } from './station-input.ts'
import { createStationService } from './station-service.ts'

export type { StationFields }

/** What the station commands run with (the CLI's command context). */
interface StationCommandContext {
  db: Kysely<DB>
  events: EventBus
  io: { out(line: string): void; err(line: string): void }
  now: () => Date
}

const service = (ctx: StationCommandContext) =>
  createStationService({
    db: ctx.db,
    events: ctx.events,
    log: pino({ level: 'silent' }),
    now: ctx.now,
  })

/** `dateline station add`: the fields were parsed (and checked) from the options before anything was opened. */
export async function addStation(ctx: StationCommandContext, a: { fields: StationFields; scheduleLines: number[]; streamLines: number[] }): Promise<number> {
  const stations = service(ctx)
  try {
    const s = await stations.create(await stations.defaultEditionId(), a.fields)
    const first = (await stations.list(s.editionId))[0]?.id === s.id
    ctx.io.out(
      `Added station ${s.id}: "${s.name}" (${s.streams.length} stream${s.streams.length === 1 ? '' : 's'}, ${s.schedule.length} programme${s.schedule.length === 1 ? '' : 's'}), at /live${first ? '' : `/${s.slug}`}`,
    )
    return 0
  } catch (e) {
    if (!isAppError(e) || !e.fields.length) throw e
    for (const p of formProblems(e.fields, a.scheduleLines, a.streamLines)) ctx.io.err(`error: ${p.message}`)
    return 1
  }
}

/** `dateline station list` */
export async function listStations(ctx: StationCommandContext): Promise<number> {
  const stations = service(ctx)
  const all = await stations.list(await stations.defaultEditionId())
  if (all.length === 0) ctx.io.out('No stations. Add one with: dateline station add --name NAME --stream URL')
  for (const s of all) ctx.io.out(`${s.id}\t${s.slug}\t${s.name}\t${s.timeZone}\t${s.streams.map((x) => x.url).join(' ')}`)
  return 0
}

/** `dateline station remove SLUG` */
export async function removeStation(ctx: StationCommandContext, slug: string): Promise<number> {
  const stations = service(ctx)
  const s = await stations.getBySlug(await stations.defaultEditionId(), slug)
  if (!s) {
    ctx.io.err(`error: there is no station "${slug}" (see: dateline station list)`)
    return 1
  }
  await stations.remove(s.id)
  ctx.io.out(`Removed station "${s.name}".`)
  return 0
}
