import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { AppError } from '../errors.ts'
import { CROPS, FORMATS, pictureAt, pictureUrl, widthsFor, type Crop, type PictureFormat } from '../web/picture.ts'
import type { MediaService } from './media-service.ts'
import { etagMatches } from '../http/conditional.ts'

const YEAR = 31_536_000
const FILE = /^(o|16x9|4x3|1x1)-([1-9]\d{1,4})\.(avif|webp|jpg)$/
const Id = Type.String({ pattern: '^[1-9]\\d{0,9}$', description: 'it must be a picture id' })

/**
 * /media/{id}/{key}/{crop}-{width}.{format}: a derivative, immutable (a new file or focal point gives
 * a new key). An old key redirects to the current one; /media/{id} redirects to the current 1,200 px
 * JPEG (what old src-only references and feeds may name). A picture whose licence has passed is gone (410).
 */
export async function mediaPublicRoutes(app: FastifyInstance, opts: { media: MediaService; now: () => Date }) {
  const { media } = opts

  /** Cache for as long as the URL may show this picture: a year, or until its licence ends. */
  const lifetime = (expiresAt: Date | null) => {
    if (!expiresAt) return `public, max-age=${YEAR}, immutable`
    const left = Math.max(0, Math.floor((expiresAt.getTime() - opts.now().getTime()) / 1000))
    return left >= YEAR ? `public, max-age=${YEAR}, immutable` : `public, max-age=${left}`
  }

  app.get<{ Params: { id: string } }>('/media/:id', { config: { policy: 'public' }, schema: { params: Type.Object({ id: Id }) } }, async (request, reply) => {
    const found = await media.publicPicture(Number(request.params.id))
    if (!found) throw new AppError('MEDIA_NOT_FOUND')
    reply.header('cache-control', 'public, max-age=300')
    return reply.redirect(pictureAt(found.picture, 'o', 1200).url, 302)
  })

  app.get<{ Params: { id: string; key: string; file: string } }>(
    '/media/:id/:key/:file',
    {
      config: { policy: 'public' },
      schema: { params: Type.Object({ id: Id, key: Type.String({ pattern: '^[0-9a-f]{16}-\\d{1,3}x\\d{1,3}$' }), file: Type.String({ maxLength: 40 }) }) },
    },
    async (request, reply) => {
      const m = FILE.exec(request.params.file)
      if (!m) throw new AppError('MEDIA_NOT_FOUND')
      const crop = m[1] as Crop
      const width = Number(m[2])
      const format = m[3] as PictureFormat
      const found = await media.publicPicture(Number(request.params.id))
      if (!found) throw new AppError('MEDIA_NOT_FOUND')
      const { picture } = found
      if (request.params.key !== picture.key) {
        // a page cached before the file (or its focal point) changed: the same crop and format, at the nearest width made now
        const widths = widthsFor(picture, crop)
        const near = widths.find((w) => w >= width) ?? widths[widths.length - 1]!
        reply.header('cache-control', 'public, max-age=60')
        return reply.redirect(pictureUrl(picture, crop, near, format), 302)
      }
      if (!(crop in CROPS) || !widthsFor(picture, crop).includes(width)) throw new AppError('MEDIA_NOT_FOUND')
      reply.header('cache-control', lifetime(found.expiresAt)).header('x-content-type-options', 'nosniff')
      const d = await media.derivative(picture, crop, width, format)
      reply.header('etag', d.etag).type(FORMATS[format])
      if (etagMatches(request.headers['if-none-match'], d.etag)) return reply.code(304).send()
      return reply.send(d.bytes)
    },
  )
}
