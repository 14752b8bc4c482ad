import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { loadConfig } from '../config.ts'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { multipart, solidPng } from '../../test/support/media.ts'
import { startTestS3, type TestS3 } from '../../test/support/s3-server.ts'
import { staffSession, type TestSession } from '../../test/support/staff.ts'
import type { MediaService } from './media-service.ts'
import { objectUrl, signV4 } from './s3-store.ts'

const EXAMPLE = { accessKey: 'AKIAIOSFODNN7EXAMPLE', secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'us-east-1' }
const signatureOf = (h: Record<string, string>) => /Signature=([0-9a-f]{64})$/.exec(h.authorization!)?.[1]

test("SigV4: the signatures of AWS's own S3 examples (GET with a range, PUT of a key that needs encoding)", () => {
  // docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html, "Example: GET Object"
  const get = signV4(EXAMPLE, {
    method: 'GET',
    url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
    payloadSha256: createHash('sha256').update('').digest('hex'),
    now: new Date('2013-05-24T00:00:00Z'),
    headers: { range: 'bytes=0-9' },
  })
  assert.equal(signatureOf(get), 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41')
  assert.match(
    get.authorization!,
    /Credential=AKIAIOSFODNN7EXAMPLE\/20130524\/us-east-1\/s3\/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,/,
  )
  // "Example: PUT Object"
  const body = 'Welcome to Amazon S3.'
  const put = signV4(EXAMPLE, {
    method: 'PUT',
    url: new URL('https://examplebucket.s3.amazonaws.com/test$file.text'),
    payloadSha256: createHash('sha256').update(body).digest('hex'),
    now: new Date('2013-05-24T00:00:00Z'),
    headers: { date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY' },
  })
  assert.equal(signatureOf(put), '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd')
})

test('object URLs: path style keeps the endpoint’s own path; virtual-hosted style puts the bucket in the host name', () => {
  const endpoint = new URL('http://minio.internal:9000/storage/')
  assert.equal(objectUrl({ endpoint, bucket: 'pics', urlStyle: 'path' }, 'originals/ab/abc').href, 'http://minio.internal:9000/storage/pics/originals/ab/abc')
  assert.equal(
    objectUrl({ endpoint: new URL('https://s3.eu-west-1.amazonaws.com'), bucket: 'pics', urlStyle: 'virtual' }, 'originals/ab/abc').href,
    'https://pics.s3.eu-west-1.amazonaws.com/originals/ab/abc',
  )
})

test('MEDIA_STORE=s3 needs the bucket settings; bad ones are named', () => {
  assert.throws(() => loadConfig({ MEDIA_STORE: 's3' }), /MEDIA_STORE=s3 needs S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY, S3_SECRET_KEY/)
  assert.throws(() => loadConfig({ MEDIA_STORE: 's3', S3_ENDPOINT: 'http://s3.test', S3_BUCKET: 'b1b' }), /S3_ACCESS_KEY must be set/)
  const bad = { S3_ENDPOINT: 'ftp://s3.test', S3_BUCKET: 'No_Such', S3_ACCESS_KEY: 'a b', S3_SECRET_KEY: 'x', S3_REGION: 'EU WEST', S3_URL_STYLE: 'dns' }
  try {
    loadConfig({ MEDIA_STORE: 's3', ...bad })
    assert.fail('expected a ConfigError')
  } catch (e) {
    const problems = (e as { problems: string[] }).problems
    for (const name of ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY', 'S3_REGION', 'S3_URL_STYLE'])
      assert.ok(
        problems.some((p) => p.startsWith(name)),
        `${name} in ${problems.join(' | ')}`,
      )
  }
  const c = loadConfig({
    MEDIA_STORE: 's3',
    S3_ENDPOINT: 'https://s3.eu-west-1.amazonaws.com',
    S3_BUCKET: 'news.pictures',
    S3_ACCESS_KEY: 'AK',
    S3_SECRET_KEY: 'SK',
  })
  assert.equal(c.mediaStore, 's3')
  assert.deepEqual([c.s3?.bucket, c.s3?.region, c.s3?.urlStyle], ['news.pictures', 'us-east-1', 'path'])
})

describe('media library with MEDIA_STORE=s3, against an S3-compatible server that checks every signature', () => {
  let s3: TestS3
  let t: TestApp
  let reporter: TestSession
  let dir: string

  before(async () => {
    s3 = await startTestS3()
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-media-s3-'))
    t = await createTestApp({
      demo: false,
      env: {
        MEDIA_STORE: 's3',
        S3_ENDPOINT: s3.endpoint,
        S3_BUCKET: s3.bucket,
        S3_ACCESS_KEY: s3.accessKey,
        S3_SECRET_KEY: s3.secretKey,
        S3_REGION: s3.region,
        MEDIA_CACHE_DIR: path.join(dir, 'cache'),
      },
    })
    reporter = await staffSession(t, 'reporter')
  })
  after(async () => {
    await t?.close()
    await s3?.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  const upload = (bytes: Buffer, filename = 'photo.png') => {
    const body = multipart({ alt: 'A test card' }, { bytes, filename })
    return t.app.inject({ method: 'POST', url: '/api/admin/media', headers: { ...reporter.headers, ...body.headers }, payload: body.payload })
  }
  const rows = async () => (await t.database.db.selectFrom('media').select(['id', 'sha256', 'store']).execute()).length
  const blobs = async () => (await t.database.db.selectFrom('media_blobs').select('sha256').execute()).length

  test('an upload is stored in the bucket (signed; the database keeps no bytes), served from it, and deleted from it', async () => {
    const png = await solidPng(900, 600, '#b53')
    const res = await upload(png)
    assert.equal(res.statusCode, 201, res.body)
    const row = await t.database.db.selectFrom('media').select(['sha256', 'store']).where('id', '=', res.json().id).executeTakeFirstOrThrow()
    assert.equal(row.store, 's3')
    assert.equal(row.sha256, createHash('sha256').update(png).digest('hex'))
    const key = `originals/${row.sha256.slice(0, 2)}/${row.sha256}`
    assert.deepEqual([...s3.objects().keys()], [key])
    assert.ok(s3.objects().get(key)!.equals(png), 'the bucket holds the very bytes uploaded')
    assert.equal(await blobs(), 0, 'no bytes in the database')
    assert.ok(s3.log.some((l) => l.method === 'PUT' && l.status === 200))

    const served = await t.app.inject({ url: res.json().previewUrl })
    assert.equal(served.statusCode, 200, 'the derivative was made from the original read back from the bucket')
    assert.equal(served.headers['content-type'], 'image/jpeg')
    assert.ok(s3.log.some((l) => l.method === 'GET' && l.status === 200))

    const deleted = await t.app.inject({ method: 'DELETE', url: `/api/admin/media/${res.json().id}`, headers: (await staffSession(t, 'editor')).headers })
    assert.equal(deleted.statusCode, 204, deleted.body)
    assert.equal(s3.objects().size, 0, 'the original went from the bucket with the last picture using it')
  })

  test('the store refusing, failing or hanging up: 503, and nothing is stored half (no row, no object)', async () => {
    const before = { rows: await rows(), objects: s3.objects().size }
    for (const how of ['error', 'drop'] as const) {
      s3.failNext(how)
      const res = await upload(await solidPng(700, 500, how === 'error' ? '#159' : '#951'))
      assert.equal(res.statusCode, 503, `${how}: ${res.body}`)
      assert.equal(res.json().error.code, 'MEDIA_STORE_UNAVAILABLE')
      assert.match(res.json().error.message, /nothing was saved/)
      assert.deepEqual({ rows: await rows(), objects: s3.objects().size }, before, `${how}: nothing stored`)
    }
    // the store comes back: the same upload goes through
    const again = await upload(await solidPng(700, 500, '#159'))
    assert.equal(again.statusCode, 201, again.body)
    assert.equal(s3.objects().size, before.objects + 1)
  })

  test('a wrong secret key is refused by the store (its signature check), and nothing is stored', async () => {
    const media = (t.app as unknown as { media: MediaService }).media
    const wrong = await createTestApp({
      demo: false,
      env: {
        MEDIA_STORE: 's3',
        S3_ENDPOINT: s3.endpoint,
        S3_BUCKET: s3.bucket,
        S3_ACCESS_KEY: s3.accessKey,
        S3_SECRET_KEY: `${s3.secretKey}x`,
        S3_REGION: s3.region,
        MEDIA_CACHE_DIR: 'off',
      },
    })
    try {
      const objects = s3.objects().size
      const wrongMedia = (wrong.app as unknown as { media: MediaService }).media
      await assert.rejects(wrongMedia.upload({ file: await solidPng(300, 200, '#777'), by: null }), /MEDIA_STORE_UNAVAILABLE|store cannot be reached/)
      assert.equal(s3.log.at(-1)!.status, 403, 'the server checked the signature and refused it')
      assert.equal(s3.objects().size, objects)
      assert.equal((await wrong.database.db.selectFrom('media').select('id').execute()).length, 0)
    } finally {
      await wrong.close()
    }
    assert.ok(media, 'the first app is untouched')
  })

  test('a row that cannot be written removes the object it had just put', async () => {
    const media = (t.app as unknown as { media: MediaService }).media
    const objects = s3.objects().size
    await t.database.db.schema
      .alterTable('media')
      .addCheckConstraint('test_no_green', sql`filename <> 'green.png'`)
      .execute()
    await assert.rejects(media.upload({ file: await solidPng(500, 400, '#2a5'), filename: 'green.png', by: null }))
    assert.equal(s3.objects().size, objects, 'the object put before the failed transaction was deleted again')
    assert.ok(s3.log.some((l) => l.method === 'DELETE'))
  })
})

after(closeTemplate)
