/**
 * The newsroom's station form as plain text fields: streams one URL a line, the schedule one
 * programme a line ("Mon-Fri 06:00-09:00 | Morning Edition | Ana Reyes | The day's news"). Parsed
 * into StationFields, with every problem mapped back to the line the admin typed.
 */
import type { FieldProblem } from '../errors.ts'
import { DAY_NAMES, formatMinute, parseWeekday } from './schedule.ts'
import { guessFormat, type ProgrammeFields, type StationFields, type StreamFields } from './station-input.ts'
import type { Station } from './types.ts'

export interface StationForm {
  name: string
  slug: string
  description: string
  timeZone: string
  streams: string
  statusUrl: string
  position: string
  schedule: string
}

export const EMPTY_FORM: StationForm = {
  name: '',
  slug: '',
  description: '',
  timeZone: 'Europe/London',
  streams: '',
  statusUrl: '',
  position: '0',
  schedule: '',
}

const LINE =
  /^(?<days>[A-Za-z]+(?:\s*[-–]\s*[A-Za-z]+)?)\s+(?<start>\d{1,2}:\d{2})\s*(?:-|–|to)\s*(?:(?<endDay>[A-Za-z]+)\s+)?(?<end>\d{1,2}:\d{2})\s*(?:\|(?<rest>.*))?$/

const short = (day: number) => DAY_NAMES[day - 1]!.slice(0, 3)

/** Parses the form; `lineOf` maps schedule[i] and streams[i] back to textarea lines for messages. */
export function parseStationForm(form: StationForm): { fields: StationFields; problems: FieldProblem[]; scheduleLines: number[]; streamLines: number[] } {
  const problems: FieldProblem[] = []
  const streamLines: number[] = []
  const streams: StreamFields[] = []
  form.streams.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim()
    if (!line) return
    const [url, format] = line.split(/\s+/)
    streams.push({ url: url!, format })
    streamLines.push(i + 1)
  })

  const schedule: ProgrammeFields[] = []
  const scheduleLines: number[] = []
  form.schedule.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim()
    if (!line || line.startsWith('#')) return
    const m = LINE.exec(line)
    if (!m?.groups) {
      problems.push({
        field: 'schedule',
        message: `Schedule, line ${i + 1}: write it like "Mon 06:00-09:00 | Show | Host | Description" (got "${line.slice(0, 80)}")`,
      })
      return
    }
    const g = m.groups
    const [show = '', host = '', ...description] = (g.rest ?? '').split('|').map((x) => x.trim())
    const [fromDay, toDay] = g.days!.split(/\s*[-–]\s*/) as [string, string | undefined]
    const from = parseWeekday(fromDay)
    const to = toDay !== undefined ? parseWeekday(toDay) : from
    if (!from || !to) {
      problems.push({ field: 'schedule', message: `Schedule, line ${i + 1}: "${g.days}" is not a weekday or a range such as Mon-Fri` })
      return
    }
    if (toDay !== undefined && g.endDay) {
      problems.push({
        field: 'schedule',
        message: `Schedule, line ${i + 1}: a range of days runs each day to its end time; write a programme that ends the next day on a line of its own`,
      })
      return
    }
    for (let d = from, n = 0; n < 7; d = ((d % 7) + 1) as typeof d, n++) {
      schedule.push({ show, host, description: description.join(' | '), startDay: d, startTime: g.start!, endDay: g.endDay ?? d, endTime: g.end! })
      scheduleLines.push(i + 1)
      if (d === to) break
    }
  })

  const position = form.position.trim() === '' ? 0 : Number(form.position)
  return {
    fields: {
      name: form.name,
      slug: form.slug,
      description: form.description,
      timeZone: form.timeZone,
      streams,
      statusUrl: form.statusUrl.trim() || null,
      position: Number.isFinite(position) ? position : -1,
      schedule,
    },
    problems,
    scheduleLines,
    streamLines,
  }
}

/** Rewrites `schedule[3].end` and `streams[1]` problems as the form's fields and lines. */
export function formProblems(problems: FieldProblem[], scheduleLines: number[], streamLines: number[]): FieldProblem[] {
  return problems.map((p) => {
    const s = /^schedule\[(\d+)\]/.exec(p.field)
    if (s) return { field: 'schedule', message: `Schedule, line ${scheduleLines[Number(s[1])] ?? '?'}: ${p.message}` }
    const t = /^streams\[(\d+)\]/.exec(p.field)
    if (t) return { field: 'streams', message: `Streams, line ${streamLines[Number(t[1])] ?? '?'}: ${p.message}` }
    return p
  })
}

/** A stored station as form text; runs of days with the same programme become "Mon-Fri". */
export function stationToForm(s: Station): StationForm {
  type P = Station['schedule'][number]
  const same = (a: P, b: P) =>
    a.show === b.show &&
    a.host === b.host &&
    a.description === b.description &&
    a.startMinute === b.startMinute &&
    a.endMinute === b.endMinute &&
    a.startDay === a.endDay &&
    b.startDay === b.endDay
  const sorted = [...s.schedule].sort((a, b) => a.startDay - b.startDay || a.startMinute - b.startMinute)
  const used = new Set<P>()
  const lines: { day: number; minute: number; text: string }[] = []
  for (const p of sorted) {
    if (used.has(p)) continue
    used.add(p)
    let last = p.startDay as number
    for (
      let q = sorted.find((x) => !used.has(x) && x.startDay === last + 1 && same(x, p));
      q;
      q = sorted.find((x) => !used.has(x) && x.startDay === last + 1 && same(x, p))
    ) {
      used.add(q)
      last = q.startDay
    }
    const days = last !== p.startDay ? `${short(p.startDay)}-${short(last)}` : short(p.startDay)
    const end = p.endDay !== p.startDay ? `${short(p.endDay)} ${formatMinute(p.endMinute)}` : formatMinute(p.endMinute)
    const rest = [p.show, p.host, p.description].join(' | ').replace(/( \| )+$/, '')
    lines.push({ day: p.startDay, minute: p.startMinute, text: `${days} ${formatMinute(p.startMinute)}-${end} | ${rest}` })
  }
  return {
    name: s.name,
    slug: s.slug,
    description: s.description,
    timeZone: s.timeZone,
    streams: s.streams.map((x) => x.url + (x.format !== guessFormat(x.url) ? ` ${x.format}` : '')).join('\n'),
    statusUrl: s.statusUrl ?? '',
    position: String(s.position),
    schedule: lines.map((l) => l.text).join('\n'),
  }
}
