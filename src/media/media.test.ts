import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { after, before, describe, test } from 'node:test'
import exifr from 'exifr'
import { sql } from 'kysely'
import sharp from 'sharp'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate, databaseKinds } from '../../test/support/databases.ts'
import { cameraJpeg, multipart, solidPng } from '../../test/support/media.ts'
import { staffSession, type TestSession } from '../../test/support/staff.ts'

for (const kind of databaseKinds()) {
  describe(`media library on ${kind}`, () => {
    let t: TestApp
    let reporter: TestSession
    let cacheDir: string

    before(async () => {
      cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-media-'))
      t = await createTestApp({ kind, demo: false, env: { MEDIA_CACHE_DIR: cacheDir, MEDIA_MAX_UPLOAD_MB: '8', MEDIA_MAX_MEGAPIXELS: '40' } })
      reporter = await staffSession(t, 'reporter', 'Rita Reporter')
    })
    after(async () => {
      await t?.close()
      fs.rmSync(cacheDir, { recursive: true, force: true })
    })

    const upload = (bytes: Buffer, filename = 'photo.jpg', fields: Record<string, string> = {}) => {
      const body = multipart(fields, { bytes, filename })
      return t.app.inject({ method: 'POST', url: '/api/admin/media', headers: { ...reporter.headers, ...body.headers }, payload: body.payload })
    }
    const count = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('media')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const blobs = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('media_blobs')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )

    test('an upload keeps the credit, copyright and caption the file carries; served copies carry no GPS position or serial number', async () => {
      const original = await cameraJpeg()
      const before = await exifr.parse(original, { gps: true, exif: true })
      assert.ok(before.GPSLatitude && before.SerialNumber, 'the fixture has a GPS position and a serial number')
      const res = await upload(original, 'harbour.jpg', { alt: 'Ferries moored in the harbour' })
      assert.equal(res.statusCode, 201, res.body)
      const item = res.json()
      assert.equal(item.width, 1600)
      assert.equal(item.height, 1000)
      assert.equal(item.credit, 'Photo: Jane Photographer')
      assert.equal(item.copyright, '(C) 2026 Jane Photographer')
      assert.equal(item.caption, 'Ferries in the harbour at dawn')
      assert.equal(item.alt, 'Ferries moored in the harbour')
      assert.deepEqual(item.stripped.sort(), ['GPS position', 'camera serial number'])
      assert.match(item.previewUrl, /^\/media\/\d+\/[0-9a-f]{16}-50x50\/o-320\.jpg$/)
      const row = await t.database.db.selectFrom('media').selectAll().where('id', '=', item.id).executeTakeFirstOrThrow()
      assert.equal(row.credit, 'Photo: Jane Photographer', 'the credit is kept in the database record')

      for (const format of ['jpg', 'avif', 'webp'] as const) {
        const url = item.previewUrl.replace('o-320.jpg', `16x9-640.${format}`)
        const served = await t.app.inject({ url })
        assert.equal(served.statusCode, 200, `${url}: ${served.body.slice(0, 200)}`)
        assert.equal(served.headers['content-type'], { jpg: 'image/jpeg', avif: 'image/avif', webp: 'image/webp' }[format])
        assert.equal(served.headers['cache-control'], 'public, max-age=31536000, immutable')
        assert.match(String(served.headers.etag), /^"[A-Za-z0-9_-]{27}"$/)
        const bytes = served.rawPayload
        const meta = await sharp(bytes).metadata()
        assert.equal(meta.width, 640)
        assert.equal(meta.height, 360)
        assert.equal(meta.exif, undefined, `${format}: no EXIF at all`)
        assert.equal(meta.xmp, undefined)
        assert.equal(meta.iptc, undefined)
        if (format !== 'webp') {
          const parsed = (await exifr.parse(bytes, { gps: true, exif: true, iptc: true, xmp: true }).catch(() => undefined)) ?? {}
          assert.equal(parsed.GPSLatitude, undefined, `${format}: no GPS`)
          assert.equal(parsed.latitude, undefined)
          assert.equal(parsed.SerialNumber, undefined, `${format}: no serial number`)
        }
        assert.ok(!bytes.includes(Buffer.from('SN-99887766')), 'the serial number appears nowhere in the served bytes')
        assert.ok(!bytes.includes(Buffer.from('Jane Photographer')), 'nor any other EXIF text')
        const again = await t.app.inject({ url, headers: { 'if-none-match': String(served.headers.etag) } })
        assert.equal(again.statusCode, 304)
      }
    })

    test('bad uploads get a clear 4xx and store nothing', async () => {
      const jpeg = await cameraJpeg({ gps: false })
      const before = { media: await count(), blobs: await blobs() }
      const cases: { name: string; bytes: Buffer; filename?: string; status: number; code: string; message?: RegExp }[] = [
        { name: 'not an image', bytes: Buffer.from('hello, this is text\n'), filename: 'notes.txt', status: 415, code: 'MEDIA_UNSUPPORTED_TYPE' },
        { name: 'empty', bytes: Buffer.alloc(0), status: 415, code: 'MEDIA_UNSUPPORTED_TYPE' },
        { name: 'truncated JPEG', bytes: jpeg.subarray(0, Math.floor(jpeg.length / 2)), status: 422, code: 'MEDIA_UNREADABLE', message: /damaged|cut short/ },
        {
          name: 'SVG with a script',
          bytes: Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="10" height="10"/></svg>'),
          filename: 'chart.svg',
          status: 415,
          code: 'MEDIA_UNSUPPORTED_TYPE',
          message: /SVG/,
        },
        { name: 'PDF', bytes: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n'), filename: 'page.pdf', status: 415, code: 'MEDIA_UNSUPPORTED_TYPE', message: /PDF/ },
        { name: 'pixel bomb', bytes: pixelBomb(), filename: 'bomb.png', status: 422, code: 'MEDIA_UNREADABLE', message: /megapixels/ },
        { name: 'animated GIF', bytes: await animatedGif(), filename: 'spinner.gif', status: 422, code: 'MEDIA_UNREADABLE', message: /Animated/ },
        { name: 'too large', bytes: Buffer.concat([jpeg, Buffer.alloc(9 * 1024 * 1024)]), status: 413, code: 'MEDIA_TOO_LARGE', message: /MB/ },
      ]
      for (const c of cases) {
        const res = await upload(c.bytes, c.filename ?? 'upload.jpg')
        assert.equal(res.statusCode, c.status, `${c.name}: ${res.body}`)
        assert.equal(res.json().error.code, c.code, c.name)
        if (c.message) assert.match(res.json().error.message, c.message, c.name)
      }
      const noFile = multipart({ alt: 'x' })
      const res = await t.app.inject({ method: 'POST', url: '/api/admin/media', headers: { ...reporter.headers, ...noFile.headers }, payload: noFile.payload })
      assert.equal(res.statusCode, 400)
      const json = await t.app.inject({ method: 'POST', url: '/api/admin/media', headers: reporter.headers, payload: { file: 'x' } })
      assert.equal(json.statusCode, 415)
      assert.deepEqual({ media: await count(), blobs: await blobs() }, before, 'nothing was stored')
    })

    test('handled correctly: a CMYK JPEG, a 16-bit PNG, EXIF rotation, a name with path separators and markup', async () => {
      const cmyk = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#c33' } })
        .toColourspace('cmyk')
        .jpeg()
        .toBuffer()
      assert.equal((await sharp(cmyk).metadata()).space, 'cmyk')
      const png16 = await sharp({ create: { width: 700, height: 500, channels: 3, background: '#2a6' } })
        .toColourspace('rgb16')
        .png()
        .toBuffer()
      assert.equal((await sharp(png16).metadata()).depth, 'ushort')
      // a camera held upright: stored 1600 × 1000, shown 1000 × 1600 (orientation 6: turn 90° clockwise)
      const rotated = await cameraJpeg({ orientation: 6 })

      const c = await upload(cmyk, '..\\..\\etc/passwd<img src=x onerror=alert(1)>.jpg')
      assert.equal(c.statusCode, 201, c.body)
      assert.equal(c.json().filename, 'passwdimg src=x onerror=alert(1).jpg', 'folders and markup characters are dropped from the name')
      const library = await t.app.inject({ url: `/newsroom/media/${c.json().id}`, headers: { cookie: reporter.cookie } })
      assert.equal(library.statusCode, 200)
      assert.ok(!library.body.includes('<img src=x'), 'the name is never markup')
      const served = await t.app.inject({ url: c.json().previewUrl })
      const meta = await sharp(served.rawPayload).metadata()
      assert.equal(meta.space, 'srgb')
      const { dominant } = await sharp(served.rawPayload).stats()
      assert.ok(dominant.r > 150 && dominant.g < 100, `the red stays red after conversion from CMYK: ${JSON.stringify(dominant)}`)

      const p = await upload(png16, 'deep.png')
      assert.equal(p.statusCode, 201, p.body)
      const pServed = await t.app.inject({ url: p.json().previewUrl.replace('.jpg', '.webp') })
      assert.equal(pServed.statusCode, 200)
      assert.equal((await sharp(pServed.rawPayload).metadata()).depth, 'uchar')

      const r = await upload(rotated, 'upright.jpg')
      assert.equal(r.statusCode, 201, r.body)
      assert.deepEqual([r.json().width, r.json().height], [1000, 1600], 'width and height as shown')
      const rServed = await t.app.inject({ url: r.json().previewUrl })
      const rMeta = await sharp(rServed.rawPayload).metadata()
      assert.deepEqual([rMeta.width, rMeta.height, rMeta.orientation], [320, 512, undefined], 'served upright, with no orientation tag left to apply twice')
    })

    test('an original of several parts, read from a file a part at a time, is stored byte for byte', async () => {
      // about 3 MB of noise, uncompressed: four parts of the database store
      const bytes = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
        .png({ compressionLevel: 0 })
        .toBuffer()
      const file = path.join(os.tmpdir(), `dateline-noise-${process.pid}-${kind}.png`)
      fs.writeFileSync(file, bytes)
      const media = (t.app as unknown as { media: import('./media-service.ts').MediaService }).media
      const item = await media.upload({ file: { path: file }, filename: 'noise.png', alt: 'Noise', by: null }).finally(() => fs.rmSync(file, { force: true }))
      const { sha256 } = await t.database.db.selectFrom('media').select('sha256').where('id', '=', item.id).executeTakeFirstOrThrow()
      const parts = await t.database.db.selectFrom('media_blobs').select('bytes').where('sha256', '=', sha256).orderBy('part').execute()
      assert.equal(parts.length, Math.ceil(bytes.length / (1024 * 1024)))
      assert.ok(Buffer.concat(parts.map((p) => Buffer.from(p.bytes))).equals(bytes), 'the parts put together are the file')
    })

    test('derivative URLs: unknown sizes are 404, an old key redirects to the current file, /media/{id} to its 1,200 px JPEG', async () => {
      const res = await upload(await solidPng(1500, 1000), 'plain.png', { alt: 'Green' })
      const item = res.json()
      const base = item.previewUrl.replace('o-320.jpg', '')
      assert.equal((await t.app.inject({ url: `${base}o-321.jpg` })).statusCode, 404)
      assert.equal((await t.app.inject({ url: `${base}o-1600.jpg` })).statusCode, 404, 'no width beyond the original')
      assert.equal((await t.app.inject({ url: `${base}o-1500.jpg` })).statusCode, 200, 'the original width itself')
      assert.equal((await t.app.inject({ url: `${base}9x9-320.jpg` })).statusCode, 404)
      assert.equal((await t.app.inject({ url: `${base}o-320.gif` })).statusCode, 404)
      const stable = await t.app.inject({ url: `/media/${item.id}` })
      assert.equal(stable.statusCode, 302)
      assert.equal(stable.headers.location, `${base}o-1200.jpg`)
      assert.equal((await t.app.inject({ url: '/media/999999' })).statusCode, 404)

      const patched = await t.app.inject({
        method: 'PATCH',
        url: `/api/admin/media/${item.id}`,
        headers: reporter.headers,
        payload: { focal: { x: 0.2, y: 0.8 } },
      })
      assert.equal(patched.statusCode, 200, patched.body)
      assert.match(patched.json().previewUrl, /-20x80\/o-320\.jpg$/, 'a new focal point gives new URLs')
      const old = await t.app.inject({ url: `${base}16x9-640.jpg` })
      assert.equal(old.statusCode, 302)
      assert.equal(old.headers.location, patched.json().previewUrl.replace('o-320.jpg', '16x9-640.jpg'))
    })

    test('a licence that has passed hides the picture: 410 for its files', async () => {
      const res = await upload(await solidPng(), 'licensed.png', { alt: 'Licensed', licenceExpiresAt: '2001-01-01T00:00:00Z' })
      assert.equal(res.statusCode, 201, res.body)
      assert.equal(res.json().licence, 'expired')
      assert.equal((await t.app.inject({ url: res.json().previewUrl })).statusCode, 410)
      const soon = await upload(await solidPng(), 'soon.png', { licenceExpiresAt: new Date(Date.now() + 3 * 86_400_000).toISOString() })
      assert.equal(soon.json().licence, 'expiring')
      const served = await t.app.inject({ url: soon.json().previewUrl })
      assert.match(String(served.headers['cache-control']), /^public, max-age=\d+$/, 'cached no longer than the licence lasts')
      assert.ok(Number(/max-age=(\d+)/.exec(String(served.headers['cache-control']))![1]) <= 3 * 86_400)
    })
  })
}

/** A PNG of about 50 KB that decodes to 20,000 × 20,000 pixels (400 megapixels): a decompression bomb, written by hand. */
function pixelBomb(): Buffer {
  const side = 20_000
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const out = Buffer.alloc(12 + data.length)
    out.writeUInt32BE(data.length, 0)
    body.copy(out, 4)
    out.writeUInt32BE(zlib.crc32(body), 8 + data.length)
    return out
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(side, 0)
  ihdr.writeUInt32BE(side, 4)
  ihdr[8] = 1 // bit depth 1
  ihdr[9] = 0 // greyscale
  // every row: filter byte 0 and side/8 bytes of black
  const rows = Buffer.alloc(side * (1 + side / 8))
  return Buffer.concat([
    Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

async function animatedGif(): Promise<Buffer> {
  const frames = await Promise.all(
    ['#f00', '#0f0', '#00f'].map((c) =>
      sharp({ create: { width: 40, height: 40, channels: 3, background: c } })
        .raw()
        .toBuffer(),
    ),
  )
  return sharp(Buffer.concat(frames), { raw: { width: 40, height: 120, channels: 3, pageHeight: 40 } as never })
    .gif({ delay: [100, 100, 100], loop: 0 })
    .toBuffer()
}

describe('uploads at the default limits', () => {
  let t: TestApp
  let reporter: TestSession
  const tmpUploads = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(`dateline-upload-${process.pid}-`))
  before(async () => {
    t = await createTestApp({ demo: false, env: { MEDIA_CACHE_DIR: 'off' } })
    reporter = await staffSession(t, 'reporter')
  })
  after(async () => t?.close())
  const upload = (bytes: Buffer, filename: string) => {
    const body = multipart({}, { bytes, filename })
    return t.app.inject({ method: 'POST', url: '/api/admin/media', headers: { ...reporter.headers, ...body.headers }, payload: body.payload })
  }

  test('a 50 MB upload: 413 naming the limit (32 MB), nothing stored, no temporary file left, the process fine', async () => {
    const jpeg = await cameraJpeg({ gps: false })
    const big = Buffer.concat([jpeg, Buffer.alloc(50 * 1024 * 1024 - jpeg.length, 0x20)])
    assert.equal(big.length, 50 * 1024 * 1024)
    const res = await upload(big, 'huge.jpg')
    assert.equal(res.statusCode, 413, res.body)
    assert.equal(res.json().error.code, 'MEDIA_TOO_LARGE')
    assert.match(res.json().error.message, /larger than 32 MB/)
    assert.equal((await t.database.db.selectFrom('media').select('id').execute()).length, 0)
    assert.equal((await t.database.db.selectFrom('media_blobs').select('sha256').execute()).length, 0)
    assert.deepEqual(tmpUploads(), [], 'the part received so far was removed')
    assert.equal((await t.app.inject('/healthz')).statusCode, 200)
  })

  test('file names in any script are kept; folders, markup and bidi overrides are not; the temporary file goes either way', async () => {
    const cases: [string, string][] = [
      ['مرفأ الصيد 🌊 صورة.png', 'مرفأ الصيد 🌊 صورة.png'],
      ['Гавань/../../ночью.png', 'ночью.png'],
      ['C:\\Users\\ana\\港口.png', '港口.png'],
      ['photo\u202Egnp.exe', 'photognp.exe'],
      ['<script>alert(1)</script>.png', 'script.png'],
    ]
    for (const [given, kept] of cases) {
      const res = await upload(await solidPng(320, 240, '#68a'), given)
      assert.equal(res.statusCode, 201, `${given}: ${res.body}`)
      assert.equal(res.json().filename, kept, given)
      const page = await t.app.inject({ url: `/newsroom/media/${res.json().id}`, headers: { cookie: reporter.cookie } })
      assert.ok(!page.body.includes('<script>alert'), 'never markup on the page')
    }
    assert.deepEqual(tmpUploads(), [])
  })
})

describe('media library with MEDIA_STORE=disk', () => {
  test('originals are files under MEDIA_DIR (none in the database), served the same; a failed upload leaves no file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-media-disk-'))
    const t = await createTestApp({
      demo: false,
      env: { MEDIA_STORE: 'disk', MEDIA_DIR: path.join(dir, 'originals'), MEDIA_CACHE_DIR: path.join(dir, 'cache') },
    })
    try {
      const reporter = await staffSession(t, 'reporter')
      const body = multipart({ alt: 'On disk' }, { bytes: await solidPng(900, 600, '#a52'), filename: 'disk.png' })
      const res = await t.app.inject({ method: 'POST', url: '/api/admin/media', headers: { ...reporter.headers, ...body.headers }, payload: body.payload })
      assert.equal(res.statusCode, 201, res.body)
      const row = await t.database.db.selectFrom('media').select(['sha256', 'store']).executeTakeFirstOrThrow()
      assert.equal(row.store, 'disk')
      assert.ok(fs.existsSync(path.join(dir, 'originals', row.sha256.slice(0, 2), row.sha256.slice(2, 4), row.sha256)))
      assert.equal((await t.database.db.selectFrom('media_blobs').select('sha256').execute()).length, 0)
      assert.equal((await t.app.inject({ url: res.json().previewUrl })).statusCode, 200)
      assert.ok(
        fs.readdirSync(path.join(dir, 'cache'), { recursive: true }).some((f) => String(f).endsWith('o-320.jpg')),
        'the derivative is kept in the disk cache',
      )

      // the row cannot be written (a check the database has and the service does not): the file goes too
      const media = (t.app as unknown as { media: import('./media-service.ts').MediaService }).media
      const files = () => fs.readdirSync(path.join(dir, 'originals'), { recursive: true }).filter((f) => /[0-9a-f]{64}$/.test(String(f))).length
      const before = files()
      await t.database.db.schema
        .alterTable('media')
        .addCheckConstraint('test_no_blue', sql`filename <> 'blue.png'`)
        .execute()
      await assert.rejects(media.upload({ file: await solidPng(500, 400, '#25a'), filename: 'blue.png', by: null }))
      assert.equal(files(), before, 'nothing is stored half')
    } finally {
      await t.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

after(closeTemplate)
