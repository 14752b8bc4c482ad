/** What the live-radio pages and the player show, made from stored stations by pure functions. */
import type { StreamStatus } from './icecast-status.ts'
import { programmeView, type ProgrammeView } from './now-playing.ts'
import { DAY_NAMES, formatMinute, onAir, scheduleByDay } from './schedule.ts'
import { ENGLISH, speaksEnglish, type Translator } from '../web/i18n.ts'
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
  /** Each weekday: `id` its English name (for element ids), `name` in the edition's language. */
  week: { id: string; name: string; today: boolean; programmes: { show: string; host: string; description: string; time: string; current: boolean }[] }[]
  others: { name: string; href: string }[]
}

/** The station's page, under the edition's prefix ('' at the root, "/ar"). */
export function stationHref(station: Pick<Station, 'slug' | 'position'>, isDefault: boolean, prefix = ''): string {
  return isDefault ? `${prefix}/live` : `${prefix}/live/${station.slug}`
}

export function playerView(station: Station, isDefault = true, prefix = ''): PlayerView {
  return {
    slug: station.slug,
    name: station.name,
    href: stationHref(station, isDefault, prefix),
    eventsUrl: `${prefix}/live/events?station=${encodeURIComponent(station.slug)}`,
    streams: station.streams.map((s) => ({ url: s.url, type: STREAM_TYPES[s.format], hls: s.format === 'hls' })),
  }
}

function zoneAbbreviation(timeZone: string, now: Date, locale = 'en-GB'): string {
  return new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }).formatToParts(now).find((p) => p.type === 'timeZoneName')?.value ?? timeZone
}

function weekdayIn(timeZone: string, d: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long' }).format(d)
}

/** A weekday's name in the edition's language, from its English name ("Monday" → "понедельник"). */
export function weekdayName(tr: Translator, english: string): string {
  const i = DAY_NAMES.indexOf(english as (typeof DAY_NAMES)[number])
  if (speaksEnglish(tr) || i < 0) return english
  // 1 January 2024 was a Monday
  return new Intl.DateTimeFormat(tr.locale, { timeZone: 'UTC', weekday: 'long' }).format(Date.UTC(2024, 0, 1 + i))
}

/** "Today", "Tomorrow", "Friday", "Next Sunday" (the schedule's day labels) in the edition's language. */
export function dayLabelIn(tr: Translator, label: string): string {
  if (speaksEnglish(tr)) return label
  if (label === 'Today') return tr.t('live.today')
  if (label === 'Tomorrow') return tr.t('live.tomorrow')
  if (label.startsWith('Next ')) return tr.t('live.nextWeekday', { day: weekdayName(tr, label.slice(5)) })
  return weekdayName(tr, label)
}

/** "06:05" in the edition's digits. */
export function minuteIn(tr: Translator, minute: number): string {
  if (speaksEnglish(tr)) return formatMinute(minute)
  return new Intl.DateTimeFormat(tr.locale, { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(Date.UTC(2024, 0, 1, 0, minute))
}

/** A time label of the schedule ("06:00–09:00") in the edition's digits. */
export function digitsIn(tr: Translator, text: string): string {
  if (speaksEnglish(tr)) return text
  return text.replace(/\d+/g, (d) => new Intl.NumberFormat(tr.locale, { useGrouping: false, minimumIntegerDigits: d.length }).format(Number(d)))
}

/** The /live page for one station of an edition (`all` in the edition's order, default first). */
export function livePageView(station: Station, all: Station[], status: StreamStatus, now: Date, tr: Translator = ENGLISH, prefix = ''): LivePageView {
  const isDefault = all[0]?.id === station.id
  const { current, next } = onAir(station.schedule, station.timeZone, now)
  const today = weekdayIn(station.timeZone, now)
  const local = (v: ProgrammeView | null): ProgrammeView | null => (v ? { ...v, label: digitsIn(tr, v.label), day: dayLabelIn(tr, v.day) } : null)
  const nextView = local(programmeView(next, station.timeZone, now))
  return {
    station: { slug: station.slug, name: station.name, description: station.description, href: stationHref(station, isDefault, prefix) },
    player: playerView(station, isDefault, prefix),
    onNow: current ? { ...local(programmeView(current, station.timeZone, now))!, description: current.programme.description } : null,
    next: nextView,
    nowPlaying: status.state === 'on-air' ? { title: status.title, listeners: status.listeners } : null,
    offAir: status.state === 'off-air',
    timeZone: { name: station.timeZone, abbreviation: zoneAbbreviation(station.timeZone, now, speaksEnglish(tr) ? 'en-GB' : tr.locale) },
    week: scheduleByDay(station.schedule).map((d) => ({
      id: d.name,
      name: weekdayName(tr, d.name),
      today: d.name === today,
      programmes: d.programmes.map((p) => ({
        show: p.show,
        host: p.host,
        description: p.description,
        time:
          p.endDay !== p.startDay
            ? tr.t('live.overnight', { time: `${minuteIn(tr, p.startMinute)}–${minuteIn(tr, p.endMinute)}` })
            : `${minuteIn(tr, p.startMinute)}–${minuteIn(tr, p.endMinute)}`,
        current: current?.programme === p,
      })),
    })),
    others: all.filter((s) => s.id !== station.id).map((s) => ({ name: s.name, href: stationHref(s, all[0]?.id === s.id, prefix) })),
  }
}
