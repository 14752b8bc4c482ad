import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { canonicalTimeZone, dayLabel, occurrencesBetween, onAir, parseMinute, parseWeekday, scheduleProblems } from './schedule.ts'
import type { Programme, Weekday } from './types.ts'

/** A programme from "Mon 06:00" style times. */
function slot(show: string, start: string, end: string): Programme {
  const [sd, st] = start.split(' ') as [string, string]
  const [ed, et] = end.split(' ') as [string, string]
  return { show, host: '', description: '', startDay: parseWeekday(sd)!, startMinute: parseMinute(st)!, endDay: parseWeekday(ed)!, endMinute: parseMinute(et)! }
}

const weekdays = (show: string, start: string, end: string) =>
  (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((d) => slot(show, `${d} ${start}`, `${d} ${end}`))

const LONDON = 'Europe/London'
const iso = (d: Date | undefined) => d?.toISOString()

describe('on now and next', () => {
  const schedule = [
    ...weekdays('Morning Edition', '06:00', '09:00'),
    slot('Friday Late', 'fri 23:00', 'sat 01:00'),
    slot('Night Owls', 'sun 00:00', 'sun 04:00'),
    slot('Sunday Service', 'sun 22:00', 'mon 02:00'),
  ]

  test('a programme that runs past midnight is on both sides of it', () => {
    // Friday 27 November 2026, London is on GMT.
    const before = onAir(schedule, LONDON, new Date('2026-11-27T23:30:00Z'))
    assert.equal(before.current?.programme.show, 'Friday Late')
    assert.equal(iso(before.current?.end), '2026-11-28T01:00:00.000Z')
    const after = onAir(schedule, LONDON, new Date('2026-11-28T00:30:00Z'))
    assert.equal(after.current?.programme.show, 'Friday Late')
    assert.equal(iso(after.current?.start), '2026-11-27T23:00:00.000Z')
    assert.equal(after.next?.programme.show, 'Night Owls')
    assert.equal(iso(after.next?.start), '2026-11-29T00:00:00.000Z')
  })

  test('the week wraps: Sunday night runs into Monday morning', () => {
    const monday = onAir(schedule, LONDON, new Date('2026-11-30T01:15:00Z'))
    assert.equal(monday.current?.programme.show, 'Sunday Service')
    assert.equal(iso(monday.current?.start), '2026-11-29T22:00:00.000Z')
    assert.equal(monday.next?.programme.show, 'Morning Edition')
    assert.equal(iso(monday.next?.start), '2026-11-30T06:00:00.000Z')
  })

  test('outside scheduled hours nothing is on and the next programme is named', () => {
    const saturdayNoon = onAir(schedule, LONDON, new Date('2026-11-28T12:00:00Z'))
    assert.equal(saturdayNoon.current, undefined)
    assert.equal(saturdayNoon.next?.programme.show, 'Night Owls')
    const endBoundary = onAir(schedule, LONDON, new Date('2026-11-30T09:00:00Z'))
    assert.equal(endBoundary.current, undefined, 'a programme is over at its end time')
    assert.equal(iso(endBoundary.next?.start), '2026-12-01T06:00:00.000Z')
  })

  test('spring forward (Europe/London, last Sunday of March): the night show is an hour shorter', () => {
    // 29 March 2026: 01:00 GMT becomes 02:00 BST.
    const night = onAir(schedule, LONDON, new Date('2026-03-29T01:30:00Z')) // 02:30 BST
    assert.equal(night.current?.programme.show, 'Night Owls')
    assert.equal(iso(night.current?.start), '2026-03-29T00:00:00.000Z') // 00:00 GMT
    assert.equal(iso(night.current?.end), '2026-03-29T03:00:00.000Z') // 04:00 BST
    // Sunday Service starts at 22:00 BST, 21:00 UTC
    assert.equal(iso(night.next?.start), '2026-03-29T21:00:00.000Z')
    // the Saturday before, the next weekday show is Monday 06:00 BST, not GMT
    const saturday = onAir(weekdays('Morning Edition', '06:00', '09:00'), LONDON, new Date('2026-03-28T12:00:00Z'))
    assert.equal(iso(saturday.next?.start), '2026-03-30T05:00:00.000Z')
  })

  test('spring forward: a slot that starts in the skipped hour starts when the clocks say it does', () => {
    const early = [slot('Early Birds', 'sun 01:30', 'sun 03:00')]
    const occ = occurrencesBetween(early, LONDON, new Date('2026-03-28T00:00:00Z'), new Date('2026-03-30T00:00:00Z'))
    assert.equal(occ.length, 1)
    assert.equal(iso(occ[0]!.start), '2026-03-29T01:30:00.000Z') // 01:30 does not exist; 02:30 BST
    assert.equal(iso(occ[0]!.end), '2026-03-29T02:00:00.000Z') // 03:00 BST
  })

  test('fall back (Europe/London, last Sunday of October): the night show is an hour longer', () => {
    // 25 October 2026: 02:00 BST becomes 01:00 GMT; 01:30 happens twice.
    const first = onAir(schedule, LONDON, new Date('2026-10-25T00:30:00Z')) // the first 01:30 (BST)
    const second = onAir(schedule, LONDON, new Date('2026-10-25T01:30:00Z')) // the second 01:30 (GMT)
    for (const a of [first, second]) {
      assert.equal(a.current?.programme.show, 'Night Owls')
      assert.equal(iso(a.current?.start), '2026-10-24T23:00:00.000Z') // 00:00 BST
      assert.equal(iso(a.current?.end), '2026-10-25T04:00:00.000Z') // 04:00 GMT
    }
    assert.equal(iso(second.next?.start), '2026-10-25T22:00:00.000Z') // Sunday Service, 22:00 GMT
  })

  test('other zones: New York changes on a different date, Tokyo never does', () => {
    const ny = weekdays('Morning Edition', '06:00', '09:00')
    // 9 March 2026 is the first Monday of US daylight time (EDT, UTC-4)
    assert.equal(iso(onAir(ny, 'America/New_York', new Date('2026-03-07T12:00:00Z')).next?.start), '2026-03-09T10:00:00.000Z')
    assert.equal(iso(onAir(ny, 'Asia/Tokyo', new Date('2026-03-07T12:00:00Z')).next?.start), '2026-03-08T21:00:00.000Z')
  })

  test('the next programme’s day is named as a listener would say it, in the station’s zone', () => {
    const now = new Date('2026-11-29T23:30:00Z') // Sunday 23:30 in London, already Monday in Tokyo
    assert.equal(dayLabel(LONDON, new Date('2026-11-29T23:45:00Z'), now), 'Today')
    assert.equal(dayLabel(LONDON, new Date('2026-11-30T06:00:00Z'), now), 'Tomorrow')
    assert.equal(dayLabel(LONDON, new Date('2026-12-04T06:00:00Z'), now), 'Friday')
    assert.equal(dayLabel(LONDON, new Date('2026-12-06T11:00:00Z'), now), 'Next Sunday')
    assert.equal(dayLabel('Asia/Tokyo', new Date('2026-11-30T01:00:00Z'), now), 'Today')
  })

  test('an empty schedule has nothing on and nothing next', () => {
    assert.deepEqual(onAir([], LONDON, new Date('2026-11-29T12:00:00Z')), { current: undefined, next: undefined })
  })
})

describe('schedule problems', () => {
  test('an entry that ends before it starts', () => {
    const problems = scheduleProblems([slot('Backwards', 'mon 10:00', 'mon 09:00')])
    assert.deepEqual(problems, [{ field: 'schedule[0].end', message: '"Backwards" ends (Mon 09:00) before it starts (Mon 10:00)' }])
    assert.match(scheduleProblems([slot('Back a day', 'tue 10:00', 'mon 11:00')])[0]!.message, /ends \(Mon 11:00\) before it starts \(Tue 10:00\)/)
    assert.match(scheduleProblems([slot('Zero', 'wed 10:00', 'wed 10:00')])[0]!.message, /ends when it starts/)
    assert.match(scheduleProblems([slot('Marathon', 'wed 10:00', 'thu 11:00')])[0]!.message, /longer than 24 hours/)
  })

  test('overlapping entries name both programmes', () => {
    const problems = scheduleProblems([slot('Morning', 'mon 06:00', 'mon 09:00'), slot('Breakfast', 'mon 08:30', 'mon 10:00')])
    assert.deepEqual(problems, [{ field: 'schedule[1].start', message: '"Breakfast" (Mon 08:30–Mon 10:00) overlaps "Morning" (Mon 06:00–Mon 09:00)' }])
  })

  test('overlaps across the week wrap are found; touching entries are fine', () => {
    const wrap = scheduleProblems([slot('Early', 'mon 01:00', 'mon 03:00'), slot('Sunday Late', 'sun 23:00', 'mon 02:00')])
    assert.equal(wrap.length, 1)
    assert.match(wrap[0]!.message, /"Sunday Late" .* overlaps "Early"/)
    assert.deepEqual(scheduleProblems([slot('A', 'mon 06:00', 'mon 09:00'), slot('B', 'mon 09:00', 'mon 12:00'), slot('C', 'sun 22:00', 'mon 06:00')]), [])
  })
})

describe('parsing', () => {
  test('time zones: IANA names only, canonical spelling', () => {
    assert.equal(canonicalTimeZone('Europe/London'), 'Europe/London')
    assert.equal(canonicalTimeZone('europe/london'), 'Europe/London')
    assert.equal(canonicalTimeZone('UTC'), 'UTC')
    assert.equal(canonicalTimeZone('America/Argentina/Buenos_Aires'), 'America/Argentina/Buenos_Aires')
    for (const bad of ['Mars/Olympus_Mons', '+01:00', 'GMT+1 ', '', 'Europe/London; drop table']) assert.equal(canonicalTimeZone(bad), undefined, bad)
  })

  test('days and times', () => {
    assert.equal(parseWeekday('Sunday'), 7 as Weekday)
    assert.equal(parseWeekday('TUE'), 2 as Weekday)
    assert.equal(parseWeekday('funday'), undefined)
    assert.equal(parseMinute('6:05'), 365)
    assert.equal(parseMinute('24:00'), undefined)
    assert.equal(parseMinute('12:60'), undefined)
  })
})
