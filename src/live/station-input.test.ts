import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { formProblems, parseStationForm, stationToForm, EMPTY_FORM } from './station-form.ts'
import { checkStation, streamWarnings, validateStation, type StationFields } from './station-input.ts'
import type { Station } from './types.ts'

const good: StationFields = {
  name: 'Dateline Radio',
  timeZone: 'Europe/London',
  streams: ['https://radio.example/live.mp3', { url: 'https://cdn.example/hls/live.m3u8' }],
  statusUrl: 'http://icecast.example:8000/status-json.xsl',
  schedule: [
    { show: 'Morning Edition', host: 'Ana Reyes', startDay: 'mon', startTime: '06:00', endDay: 'mon', endTime: '09:00' },
    { show: 'Late Night', startDay: 'fri', startTime: '23:00', endDay: 'sat', endTime: '01:00' },
  ],
}

const fieldsOf = (raw: StationFields) => checkStation(raw, 1).problems.map((p) => p.field)

describe('station input', () => {
  test('a good station: slug from the name, formats from the URLs, days as ISO numbers', () => {
    const s = validateStation(good, 1)
    assert.equal(s.slug, 'dateline-radio')
    assert.deepEqual(
      s.streams.map((x) => x.format),
      ['mp3', 'hls'],
    )
    assert.deepEqual(s.schedule[1], { show: 'Late Night', host: '', description: '', startDay: 5, startMinute: 1380, endDay: 6, endMinute: 60 })
  })

  test('an entry that ends before it starts is a field error naming the entry', () => {
    const bad = { ...good, schedule: [{ show: 'Backwards', startDay: 'mon', startTime: '10:00', endDay: 'mon', endTime: '09:00' }] }
    assert.throws(
      () => validateStation(bad, 1),
      (e: { code: string; fields: { field: string; message: string }[] }) => {
        assert.equal(e.code, 'VALIDATION_FAILED')
        assert.deepEqual(e.fields, [{ field: 'schedule[0].end', message: '"Backwards" ends (Mon 09:00) before it starts (Mon 10:00)' }])
        return true
      },
    )
  })

  test('unknown time zones, bad URLs, credentials in URLs and missing fields are each named', () => {
    assert.deepEqual(fieldsOf({ ...good, timeZone: 'Europe/Atlantis' }), ['timeZone'])
    assert.match(checkStation({ ...good, timeZone: 'Europe/Atlantis' }, 1).problems[0]!.message, /"Europe\/Atlantis" is not a time zone we know/)
    assert.deepEqual(fieldsOf({ ...good, timeZone: '' }), ['timeZone'])
    assert.deepEqual(fieldsOf({ ...good, streams: ['ftp://radio.example/live.mp3', 'not a url', 'https://user:secret@radio.example/x.mp3'] }), [
      'streams[0]',
      'streams[1]',
      'streams[2]',
    ])
    assert.match(
      checkStation({ ...good, streams: ['https://user:secret@radio.example/x.mp3'] }, 1).problems[0]!.message,
      /must not contain a user name or password/,
    )
    assert.deepEqual(fieldsOf({ ...good, streams: [] }), ['streams'])
    assert.deepEqual(fieldsOf({ ...good, streams: [{ url: 'https://radio.example/live', format: 'flac' }] }), ['streams[0].format'])
    assert.deepEqual(fieldsOf({ ...good, statusUrl: 'file:///etc/passwd' }), ['statusUrl'])
    assert.deepEqual(fieldsOf({ ...good, name: '  ' }), ['name'])
    assert.deepEqual(fieldsOf({ ...good, slug: 'Not A Slug' }), ['slug'])
    assert.deepEqual(fieldsOf({ ...good, schedule: [{ show: '', startDay: 'someday', startTime: '25:00', endDay: 'mon', endTime: '9' }] }), [
      'schedule[0].show',
      'schedule[0].startDay',
      'schedule[0].startTime',
      'schedule[0].endTime',
    ])
  })

  test('an http:// stream on an https:// site is saved, with a warning that browsers will not play it', () => {
    const streams = validateStation({ ...good, streams: ['http://radio.example/live.mp3', 'https://radio.example/live.aac'] }, 1).streams
    assert.deepEqual(streamWarnings(streams, new URL('http://site.example')), [])
    const warnings = streamWarnings(streams, new URL('https://site.example'))
    assert.equal(warnings.length, 1)
    assert.match(warnings[0]!, /^http:\/\/radio.example\/live.mp3 is plain http:\/\/ on an https:\/\/ site/)
  })

  test('overlapping entries are refused', () => {
    const overlapping = { ...good, schedule: [...good.schedule!, { show: 'Breakfast', startDay: 'mon', startTime: '08:00', endDay: 'mon', endTime: '10:00' }] }
    const problems = checkStation(overlapping, 1).problems
    assert.equal(problems.length, 1)
    assert.match(problems[0]!.message, /"Breakfast" \(Mon 08:00–Mon 10:00\) overlaps "Morning Edition"/)
  })
})

describe('the newsroom station form', () => {
  const form = {
    ...EMPTY_FORM,
    name: 'Dateline Radio',
    streams: 'https://radio.example/live.mp3\n\nhttps://radio.example/live aac\n',
    schedule: [
      '# weekdays',
      'Mon-Fri 06:00-09:00 | Morning Edition | Ana Reyes | The day’s news',
      'Fri 23:00 - Sat 01:00 | Late Night',
      'Sun 22:00 - Mon 02:00 | Sunday Service | | Hymns | and more',
    ].join('\n'),
  }

  test('one line a programme; day ranges expand; pipes in descriptions survive', () => {
    const { fields, problems, scheduleLines, streamLines } = parseStationForm(form)
    assert.deepEqual(problems, [])
    assert.deepEqual(fields.streams, [
      { url: 'https://radio.example/live.mp3', format: undefined },
      { url: 'https://radio.example/live', format: 'aac' },
    ])
    assert.deepEqual(streamLines, [1, 3])
    assert.equal(fields.schedule!.length, 7)
    assert.deepEqual(scheduleLines, [2, 2, 2, 2, 2, 3, 4])
    assert.deepEqual(fields.schedule![6], {
      show: 'Sunday Service',
      host: '',
      description: 'Hymns | and more',
      startDay: 7,
      startTime: '22:00',
      endDay: 'Mon',
      endTime: '02:00',
    })
    assert.equal(validateStation(fields, 1).schedule.length, 7)
  })

  test('problems point at the line the admin typed', () => {
    const bad = { ...form, schedule: 'Mon 06:00-09:00 | Morning\nTue 10:00-09:00 | Backwards\nthis is not a programme' }
    const parsed = parseStationForm(bad)
    assert.deepEqual(
      parsed.problems.map((p) => p.message),
      ['Schedule, line 3: write it like "Mon 06:00-09:00 | Show | Host | Description" (got "this is not a programme")'],
    )
    const checked = checkStation(parsed.fields, 1).problems
    assert.deepEqual(formProblems(checked, parsed.scheduleLines, parsed.streamLines), [
      { field: 'schedule', message: 'Schedule, line 2: "Backwards" ends (Tue 09:00) before it starts (Tue 10:00)' },
    ])
    const streams = parseStationForm({ ...form, streams: 'https://ok.example/a.mp3\nnope' })
    assert.deepEqual(
      formProblems(checkStation(streams.fields, 1).problems, streams.scheduleLines, streams.streamLines).map((p) => p.message),
      ['Streams, line 2: A stream URL must be a full URL such as https://radio.example.org/live.mp3'],
    )
  })

  test('a stored station prints back as the same form text', () => {
    const input = validateStation(parseStationForm(form).fields, 1)
    const station: Station = { ...input, id: 1, updatedAt: new Date() }
    const text = stationToForm(station)
    assert.equal(
      text.schedule,
      [
        'Mon-Fri 06:00-09:00 | Morning Edition | Ana Reyes | The day’s news',
        'Fri 23:00-Sat 01:00 | Late Night',
        'Sun 22:00-Mon 02:00 | Sunday Service |  | Hymns | and more',
      ].join('\n'),
    )
    assert.equal(text.streams, 'https://radio.example/live.mp3\nhttps://radio.example/live aac')
    assert.deepEqual(validateStation(parseStationForm(text).fields, 1).schedule, input.schedule)
  })
})
