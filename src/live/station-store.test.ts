import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import pino from 'pino'
import { closeTemplate, databaseKinds, useTestDatabase } from '../../test/support/databases.ts'
import { createEventBus } from '../events.ts'
import { createStationService } from './station-service.ts'
import type { StationFields } from './station-input.ts'

const fields: StationFields = {
  name: 'Dateline Radio',
  timeZone: 'Europe/London',
  streams: ['https://radio.example/live.mp3', 'https://radio.example/hls/live.m3u8'],
  statusUrl: 'https://radio.example/status-json.xsl',
  schedule: [
    { show: 'Morning Edition', host: 'Ana Reyes', startDay: 'mon', startTime: '06:00', endDay: 'mon', endTime: '09:00' },
    { show: 'Sunday Service', startDay: 'sun', startTime: '22:00', endDay: 'mon', endTime: '02:00' },
  ],
}

for (const kind of databaseKinds()) {
  describe(`stations on ${kind}`, () => {
    const database = useTestDatabase(kind, { before, after })
    const events = createEventBus()
    const changes: number[] = []
    events.on('stations.changed', ({ stationId }) => void changes.push(stationId))
    const service = () => createStationService({ db: database().db, events, log: pino({ level: 'silent' }), now: () => new Date('2026-11-29T12:00:00Z') })

    test('create, read back in order, update replaces streams and schedule, delete removes everything', async () => {
      const stations = service()
      const edition = await stations.defaultEditionId()
      assert.deepEqual(await stations.list(edition), [])
      const created = await stations.create(edition, fields)
      const second = await stations.create(edition, { ...fields, name: 'Dateline Jazz', position: 5, schedule: [] })
      assert.deepEqual(changes, [created.id, second.id])
      assert.deepEqual(
        (await stations.list(edition)).map((s) => s.slug),
        ['dateline-radio', 'dateline-jazz'],
      )
      const read = (await stations.getBySlug(edition, 'dateline-radio'))!
      assert.deepEqual(read.streams, [
        { url: 'https://radio.example/live.mp3', format: 'mp3' },
        { url: 'https://radio.example/hls/live.m3u8', format: 'hls' },
      ])
      assert.deepEqual(
        read.schedule.map((p) => [p.show, p.startDay, p.startMinute, p.endDay, p.endMinute]),
        [
          ['Morning Edition', 1, 360, 1, 540],
          ['Sunday Service', 7, 1320, 1, 120],
        ],
      )

      const updated = await stations.update(created.id, { ...fields, streams: ['https://radio.example/other.aac'], schedule: [fields.schedule![0]!] })
      assert.deepEqual(updated.streams, [{ url: 'https://radio.example/other.aac', format: 'aac' }])
      assert.equal(updated.schedule.length, 1)
      assert.equal(updated.updatedAt.toISOString(), '2026-11-29T12:00:00.000Z')

      await stations.remove(second.id)
      assert.equal(await stations.get(second.id), undefined)
      const { db } = database()
      assert.equal((await db.selectFrom('station_streams').select('url').where('station_id', '=', second.id).execute()).length, 0)
      await assert.rejects(stations.remove(second.id), { code: 'STATION_NOT_FOUND' })
    })

    test('a taken short name, and invalid input, change nothing', async () => {
      const stations = service()
      const edition = await stations.defaultEditionId()
      const before = await stations.list(edition)
      await assert.rejects(
        stations.create(edition, fields),
        (e: { code: string; fields: unknown[] }) => e.code === 'STATION_SLUG_TAKEN' && e.fields.length === 1,
      )
      const bad = { ...fields, schedule: [{ show: 'Backwards', startDay: 'mon', startTime: '10:00', endDay: 'mon', endTime: '09:00' }] }
      await assert.rejects(stations.update(before[0]!.id, bad), { code: 'VALIDATION_FAILED' })
      await assert.rejects(stations.update(999_999, fields), { code: 'STATION_NOT_FOUND' })
      assert.deepEqual(await stations.list(edition), before)
    })

    test('readers get a cached list that a change refreshes', async () => {
      const stations = service()
      const edition = await stations.defaultEditionId()
      const first = await stations.forReaders(edition)
      await database().db.updateTable('stations').set({ name: 'Renamed behind our back' }).execute()
      assert.deepEqual(await stations.forReaders(edition), first, 'served from the cache')
      await stations.update(first[0]!.id, { ...fields, name: 'Dateline Radio One', slug: 'dateline-radio' })
      assert.equal((await stations.forReaders(edition))[0]!.name, 'Dateline Radio One')
    })
  })
}

after(closeTemplate)
