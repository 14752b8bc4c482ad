/** What the live-radio pages and the player show, made from stored stations by pure functions. */
import type { StreamStatus } from './icecast-status.ts'
import { programmeView, type ProgrammeView } from './now-playing.ts'
import { formatMinute, onAir, scheduleByDay } from './schedule.ts'
import type { Station, StreamFormat } from './types.ts'

export const STREAM_TYPES: Record<StreamFormat, string> = {
  mp3: 'audio/mpeg',
  aac: 'audio/aac',
  ogg: 'audio/ogg',
  hls: 'application/vnd.apple.mpegurl',
}

/** The data the browser player needs; nothing secret (no status URL). */
export interface PlayerView {
  slug: string
  name: string
  href: string
  eventsUrl: string
  streams: { url: string; type: string; hls: boolean }[]
}

export interface LivePageView {
  station: { slug: string; name: string; description: string; href: string }
  player: PlayerView
  onNow: (ProgrammeView & { description: string }) | null
  next: ProgrammeView | null
  /** From the last status poll: what the stream says is playing, if it is known to be on air. */
  nowPlaying: { title: string | null; listeners: number | null } | null
  offAir: boolean
  timeZone: { name: string; abbreviation: string }
  week: { name: string; today: boolean; programmes: { show: string; host: string; description: string; time: string; current: boolean }[] }[]
  others: { name: string; href: string }[]
}

export function stationHref(station: Pick<Station, 'slug' | 'position'>, isDefault: boolean): string {
  return isDefault ? '/live' : `/live/${station.slug}`
}

export function playerView(station: Station, isDefault = true): PlayerView {
  return {
    slug: station.slug,
    name: station.name,
    href: stationHref(station, isDefault),
    eventsUrl: `/live/events?station=${encodeURIComponent(station.slug)}`,
    streams: station.streams.map((s) => ({ url: s.url, type: STREAM_TYPES[s.format], hls: s.format === 'hls' })),
  }
}

function zoneAbbreviation(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' }).formatToParts(now).find((p) => p.type === 'timeZoneName')?.value ?? timeZone
}

function weekdayIn(timeZone: string, d: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long' }).format(d)
}

/** The /live page for one station of an edition (`all` in the edition's order, default first). */
export function livePageView(station: Station, all: Station[], status: StreamStatus, now: Date): LivePageView {
  const isDefault = all[0]?.id === station.id
  const { current, next } = onAir(station.schedule, station.timeZone, now)
  const today = weekdayIn(station.timeZone, now)
  const nextView = programmeView(next, station.timeZone, now)
  return {
    station: { slug: station.slug, name: station.name, description: station.description, href: stationHref(station, isDefault) },
    player: playerView(station, isDefault),
    onNow: current ? { ...programmeView(current, station.timeZone, now)!, description: current.programme.description } : null,
    next: nextView,
    nowPlaying: status.state === 'on-air' ? { title: status.title, listeners: status.listeners } : null,
    offAir: status.state === 'off-air',
    timeZone: { name: station.timeZone, abbreviation: zoneAbbreviation(station.timeZone, now) },
    week: scheduleByDay(station.schedule).map((d) => ({
      name: d.name,
      today: d.name === today,
      programmes: d.programmes.map((p) => ({
        show: p.show,
        host: p.host,
        description: p.description,
        time: `${formatMinute(p.startMinute)}–${formatMinute(p.endMinute)}${p.endDay !== p.startDay ? ' (next day)' : ''}`,
        current: current?.programme === p,
      })),
    })),
    others: all.filter((s) => s.id !== station.id).map((s) => ({ name: s.name, href: stationHref(s, all[0]?.id === s.id) })),
  }
}
