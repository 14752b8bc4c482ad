/**
 * The weekly programme schedule: wall-clock slots in a station's IANA time zone, checked for
 * sense (a slot that ends before it starts, overlaps) and turned into real instants with luxon,
 * so "on now" and "next" stay right across midnight, the end of the week and daylight-saving
 * changes. Pure functions: every caller passes `now`.
 */
import { DateTime, IANAZone } from 'luxon'
import type { FieldProblem } from '../errors.ts'
import type { Programme, Weekday } from './types.ts'

export const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const
export const DAY_ABBREVIATIONS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const

const WEEK = 7 * 1440
const MAX_MINUTES = 1440

/** A programme placed at real instants. */
export interface Occurrence {
  programme: Programme
  start: Date
  end: Date
}

export interface OnAir {
  current: Occurrence | undefined
  next: Occurrence | undefined
}

/** "06:05" from minutes after midnight. */
export function formatMinute(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`
}

/** Minutes after midnight from "6:05" / "06:05", or undefined when it is not a time of day. */
export function parseMinute(text: string): number | undefined {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim())
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined
}

/** ISO weekday from "mon", "Monday", "MON" or 1–7. */
export function parseWeekday(value: string | number): Weekday | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1 && value <= 7 ? (value as Weekday) : undefined
  const v = value.trim().toLowerCase()
  if (/^[1-7]$/.test(v)) return Number(v) as Weekday
  const i = DAY_ABBREVIATIONS.findIndex((d, n) => v === d || v === DAY_NAMES[n]!.toLowerCase())
  return i >= 0 ? ((i + 1) as Weekday) : undefined
}

/** "Mon 06:00". */
export function slotLabel(day: Weekday, minute: number): string {
  return `${DAY_NAMES[day - 1]!.slice(0, 3)} ${formatMinute(minute)}`
}

/** The canonical IANA name for a time zone, or undefined when it is not one. */
export function canonicalTimeZone(name: string): string | undefined {
  const text = name.trim()
  // IANA names only: "Europe/London", "UTC"; not offsets such as "+01:00", which ignore DST.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(text) || !IANAZone.isValidZone(text)) return undefined
  // Intl fixes the case ("europe/london"), but may answer an older alias; keep the name as written then.
  const resolved = new Intl.DateTimeFormat('en-GB', { timeZone: text }).resolvedOptions().timeZone
  return resolved.toLowerCase() === text.toLowerCase() ? resolved : text
}

type Span = { start: number; length: number }

/**
 * Where a slot sits in the week, in minutes from Monday 00:00, or why it cannot. Only the week's
 * own wrap (Sunday night into Monday morning) may end on an earlier weekday.
 */
export function programmeSpan(p: Programme): Span | { problem: string } {
  const start = (p.startDay - 1) * 1440 + p.startMinute
  let end = (p.endDay - 1) * 1440 + p.endMinute
  const wraps = p.startDay === 7 && p.endDay === 1
  if (wraps) end += WEEK
  if (end === start) return { problem: `ends when it starts (${slotLabel(p.startDay, p.startMinute)})` }
  if (end < start) return { problem: `ends (${slotLabel(p.endDay, p.endMinute)}) before it starts (${slotLabel(p.startDay, p.startMinute)})` }
  if (end - start > MAX_MINUTES) return { problem: 'is longer than 24 hours: split it into one entry a day' }
  return { start, length: end - start }
}

/** Problems with a schedule, each naming the entry (`schedule[2].end`) and saying what is wrong. */
export function scheduleProblems(schedule: readonly Programme[]): FieldProblem[] {
  const problems: FieldProblem[] = []
  const spans: { index: number; start: number; end: number }[] = []
  schedule.forEach((p, index) => {
    const span = programmeSpan(p)
    if ('problem' in span) {
      problems.push({ field: `schedule[${index}].end`, message: `"${p.show}" ${span.problem}` })
      return
    }
    // A slot running past Sunday midnight also covers the start of the week.
    spans.push({ index, start: span.start, end: span.start + span.length })
    if (span.start + span.length > WEEK) spans.push({ index, start: span.start - WEEK, end: span.start + span.length - WEEK })
  })
  spans.sort((a, b) => a.start - b.start || a.index - b.index)
  const reported = new Set<string>()
  for (let i = 0; i < spans.length; i++) {
    for (let j = i + 1; j < spans.length && spans[j]!.start < spans[i]!.end; j++) {
      const [a, b] = [spans[i]!.index, spans[j]!.index].sort((x, y) => x - y) as [number, number]
      if (a === b || reported.has(`${a}:${b}`)) continue
      reported.add(`${a}:${b}`)
      const first = schedule[a]!
      const second = schedule[b]!
      problems.push({
        field: `schedule[${b}].start`,
        message: `"${second.show}" (${slotLabel(second.startDay, second.startMinute)}–${slotLabel(second.endDay, second.endMinute)}) overlaps "${first.show}" (${slotLabel(first.startDay, first.startMinute)}–${slotLabel(first.endDay, first.endMinute)})`,
      })
    }
  }
  return problems
}

/** A wall-clock time in `zone` as an instant; a time skipped by a DST jump moves forward, as clocks do. */
function at(monday: DateTime, dayOffset: number, minute: number): DateTime {
  const d = monday.plus({ days: dayOffset })
  return DateTime.fromObject({ year: d.year, month: d.month, day: d.day, hour: Math.floor(minute / 60), minute: minute % 60 }, { zone: monday.zone })
}

/** Every occurrence of the schedule's programmes overlapping [from, to), in start order. */
export function occurrencesBetween(schedule: readonly Programme[], timeZone: string, from: Date, to: Date): Occurrence[] {
  const out: Occurrence[] = []
  // Start a week early: last Sunday's late show may still be on.
  let monday = DateTime.fromJSDate(from, { zone: timeZone }).startOf('week').minus({ weeks: 1 })
  const stop = to.getTime()
  while (monday.toMillis() < stop) {
    for (const p of schedule) {
      const span = programmeSpan(p)
      if ('problem' in span) continue
      const start = at(monday, p.startDay - 1, p.startMinute)
      const end = at(monday, p.startDay === 7 && p.endDay === 1 ? 7 : p.endDay - 1, p.endMinute)
      if (end <= start) continue // a slot swallowed whole by a DST jump
      if (end.toMillis() > from.getTime() && start.toMillis() < stop) out.push({ programme: p, start: start.toJSDate(), end: end.toJSDate() })
    }
    monday = DateTime.fromObject({ year: monday.year, month: monday.month, day: monday.day }, { zone: timeZone }).plus({ weeks: 1 })
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime())
}

/** The programme on air at `now` (if any) and the next one to start after `now`. */
export function onAir(schedule: readonly Programme[], timeZone: string, now: Date): OnAir {
  const soon = occurrencesBetween(schedule, timeZone, now, new Date(now.getTime() + 8 * 24 * 3600_000))
  const t = now.getTime()
  return {
    current: soon.find((o) => o.start.getTime() <= t && t < o.end.getTime()),
    next: soon.find((o) => o.start.getTime() > t),
  }
}

/** The schedule by weekday (Monday first), each day's programmes in start order. */
export function scheduleByDay(schedule: readonly Programme[]): { day: Weekday; name: string; programmes: Programme[] }[] {
  return DAY_NAMES.map((name, i) => ({
    day: (i + 1) as Weekday,
    name,
    programmes: schedule.filter((p) => p.startDay === i + 1).sort((a, b) => a.startMinute - b.startMinute),
  }))
}

/** "Today", "Tomorrow", "Friday" or "Next Sunday": when `at` is, seen from `now` in the station's zone. */
export function dayLabel(timeZone: string, at: Date, now: Date): string {
  const day = (d: Date) => DateTime.fromJSDate(d, { zone: timeZone }).startOf('day')
  const days = Math.round(day(at).diff(day(now), 'days').days)
  if (days === 0) return 'Today'
  if (days === 1) return 'Tomorrow'
  return days >= 7 ? `Next ${at.toLocaleDateString('en-GB', { timeZone, weekday: 'long' })}` : at.toLocaleDateString('en-GB', { timeZone, weekday: 'long' })
}
