import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type, type TSchema } from 'typebox'
import { AppError } from '../errors.ts'
import { errorResponses, operation } from '../http/api-schemas.ts'
import type { MediaFields, MediaService } from './media-service.ts'
import { stageStream, type StagedFile } from './upload-source.ts'

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])
const DateTime = Type.Unsafe<Date | string>(Type.String({ format: 'date-time' }))
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647, description: 'the picture’s id' }) })

export const MediaItemSchema = Type.Object(
  {
    id: Type.Integer(),
    url: Type.String({ description: 'the picture’s stable address (/media/{id}); image blocks name it as src, with mediaId' }),
    previewUrl: Type.String({ description: 'a small JPEG for lists' }),
    width: Type.Integer({ description: 'pixels, as shown (EXIF orientation applied)' }),
    height: Type.Integer(),
    mime: Type.String({ description: 'the original’s type' }),
    bytes: Type.Integer({ description: 'the original’s size' }),
    filename: Type.String(),
    alt: Type.String({ description: 'what the picture shows, for people who cannot see it (required to publish an article showing it)' }),
    caption: Type.String(),
    credit: Type.String({ description: 'who made it, as printed under it' }),
    copyright: Type.String(),
    focal: Type.Object({ x: Type.Number(), y: Type.Number() }, { description: 'where crops centre, as fractions of width and height' }),
    licenceExpiresAt: Nullable(DateTime),
    licence: Type.String({ enum: ['none', 'ok', 'expiring', 'expired'], description: 'expiring: within 14 days; expired: public pages no longer show it' }),
    stripped: Type.Array(Type.String(), { description: 'identifying data in the original that no served copy carries (GPS position, camera serial number)' }),
    uploadedBy: Nullable(Type.String()),
    uploadedAt: DateTime,
    updatedAt: DateTime,
    replacedAt: Nullable(DateTime),
  },
  { title: 'MediaItem' },
)

const MediaUseSchema = Type.Object(
  {
    articleId: Type.Integer(),
    headline: Type.String(),
    status: Type.String(),
    inArticle: Type.Boolean({ description: 'in the article’s current text' }),
    inWorkingCopy: Type.Boolean({ description: 'in the pending changes of a published article' }),
    versions: Type.Array(Type.Integer(), { description: 'published versions that show it' }),
  },
  { title: 'MediaUse' },
)

const MediaPatch = Type.Object(
  {
    alt: Type.Optional(Type.String({ maxLength: 300 })),
    caption: Type.Optional(Type.String({ maxLength: 500 })),
    credit: Type.Optional(Type.String({ maxLength: 200 })),
    copyright: Type.Optional(Type.String({ maxLength: 200 })),
    focal: Type.Optional(
      Type.Object({ x: Type.Number({ minimum: 0, maximum: 1 }), y: Type.Number({ minimum: 0, maximum: 1 }) }, { additionalProperties: false }),
    ),
    licenceExpiresAt: Type.Optional(Nullable(Type.String({ format: 'date-time', description: 'null: no expiry' }))),
  },
  { additionalProperties: false, title: 'MediaPatch', description: 'The fields to change; those left out keep their value.' },
)

const FIELD_NAMES = ['alt', 'caption', 'credit', 'copyright', 'licenceExpiresAt', 'focalX', 'focalY'] as const

/** The multipart body of an upload, as the OpenAPI document shows it (the handler reads the parts itself). */
const UploadBody = Type.Object(
  {
    file: Type.String({ format: 'binary', description: 'the picture: JPEG, PNG, WebP, AVIF, GIF (still) or TIFF' }),
    alt: Type.Optional(Type.String({ maxLength: 300 })),
    caption: Type.Optional(Type.String({ maxLength: 500, description: 'default: the file’s IPTC/XMP/EXIF caption' })),
    credit: Type.Optional(Type.String({ maxLength: 200, description: 'default: the file’s IPTC/XMP credit or byline' })),
    copyright: Type.Optional(Type.String({ maxLength: 200, description: 'default: the file’s copyright notice' })),
    licenceExpiresAt: Type.Optional(Type.String({ format: 'date-time' })),
    focalX: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    focalY: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  },
  { title: 'MediaUpload' },
)
const ReplaceBody = Type.Object({ file: Type.String({ format: 'binary' }) }, { title: 'MediaReplace' })

/** The parts of a multipart upload: one file (streamed to a temporary file, hashed on the way) and short text fields. */
export interface ReceivedUpload {
  file: StagedFile
  filename: string
  fields: Record<string, string>
}

/** Reads a multipart upload; the caller must `file.remove()` when done (`withUpload` does). */
export async function readUpload(request: FastifyRequest, maxBytes: number): Promise<ReceivedUpload> {
  if (!request.isMultipart())
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', { message: 'Send the picture as multipart/form-data, the file in a part named "file".' })
  let file: { staged: StagedFile; filename: string } | undefined
  const fields: Record<string, string> = {}
  const tooLarge = () => new AppError('MEDIA_TOO_LARGE', { message: `That file is larger than ${Math.round(maxBytes / 1048576)} MB, the most accepted.` })
  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 20, fieldSize: 4000, parts: 24 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || file) {
          part.file.resume()
          continue
        }
        const staged = await stageStream(part.file)
        file = { staged, filename: part.filename }
        if (part.file.truncated) throw tooLarge()
      } else if (typeof part.value === 'string') fields[part.fieldname] = part.value
    }
  } catch (e) {
    await file?.staged.remove()
    if (e instanceof AppError) throw e
    const code = (e as { code?: string }).code
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge()
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
      throw new AppError('VALIDATION_FAILED', { message: 'Send one file, in a part named "file", and the text fields.' })
    throw new AppError('BAD_REQUEST', { message: 'The upload could not be read: it was cut short or is not multipart/form-data.', cause: e })
  }
  if (!file) throw new AppError('VALIDATION_FAILED', { message: 'No file was sent.', fields: [{ field: 'file', message: 'Choose a picture to upload.' }] })
  return { file: file.staged, filename: file.filename, fields }
}

/** Reads an upload, hands it to `use`, and removes the temporary file whatever happens. */
export async function withUpload<T>(request: FastifyRequest, maxBytes: number, use: (u: ReceivedUpload) => Promise<T>): Promise<T> {
  const u = await readUpload(request, maxBytes)
  try {
    return await use(u)
  } finally {
    await u.file.remove()
  }
}

/** Text fields of an upload form as MediaFields, each bad one named. */
export function uploadFields(f: Record<string, string>): MediaFields {
  const problems: { field: string; message: string }[] = []
  const out: MediaFields = {}
  for (const k of ['alt', 'caption', 'credit', 'copyright'] as const) if (f[k] !== undefined) out[k] = f[k]
  if (f.licenceExpiresAt) {
    const at = new Date(f.licenceExpiresAt)
    if (Number.isNaN(at.getTime())) problems.push({ field: 'licenceExpiresAt', message: 'Give a date, like 2027-01-31.' })
    else out.licenceExpiresAt = at
  }
  if (f.focalX !== undefined || f.focalY !== undefined) {
    const x = Number(f.focalX ?? 0.5)
    const y = Number(f.focalY ?? 0.5)
    if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) problems.push({ field: 'focal', message: 'focalX and focalY are fractions from 0 to 1.' })
    else out.focal = { x, y }
  }
  for (const k of Object.keys(f)) if (!(FIELD_NAMES as readonly string[]).includes(k)) problems.push({ field: k, message: 'Not a field of an upload.' })
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems })
  return out
}

// the upload routes read their multipart body themselves: the schema documents it, Ajv does not see it
const bodyDocumentedOnly = () => (data: unknown) => ({ value: data })

/** /api/admin/media: the media library as JSON. */
export async function mediaAdminApi(root: FastifyInstance, opts: { media: MediaService; maxUploadBytes: number }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const { media } = opts
  const who = (request: FastifyRequest) => request.auth!.principal.id

  app.get(
    '/api/admin/media',
    {
      config: { policy: 'staff' },
      schema: {
        ...operation('media', 'listMedia', 'List and search pictures, newest first', 'q matches caption, credit, copyright, alt text, file name or uploader.'),
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          licence: Type.Optional(Type.String({ enum: ['expiring', 'expired'] })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
        }),
        response: { 200: Type.Object({ media: Type.Array(MediaItemSchema) }), ...errorResponses(400) },
      },
    },
    async (request) => ({
      media: await media.list({
        text: request.query.q,
        licence: request.query.licence as 'expiring' | 'expired' | undefined,
        limit: request.query.limit,
        offset: request.query.offset,
      }),
    }),
  )

  app.post(
    '/api/admin/media',
    {
      config: { policy: 'reporter' },
      validatorCompiler: bodyDocumentedOnly,
      schema: {
        ...operation(
          'media',
          'uploadMedia',
          'Upload a picture',
          'multipart/form-data with the file in `file`. Caption, credit and copyright default to what the file’s IPTC, XMP or EXIF says. GPS position and camera serial numbers are never served. Refused: not a picture, SVG, HEIC, animated, damaged, larger than MEDIA_MAX_UPLOAD_MB or MEDIA_MAX_MEGAPIXELS.',
        ),
        consumes: ['multipart/form-data'],
        body: UploadBody,
        response: { 201: MediaItemSchema, ...errorResponses(400, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const item = await withUpload(request, opts.maxUploadBytes, ({ file, filename, fields }) =>
        media.upload({ file, facts: file, filename, by: who(request), ...uploadFields(fields) }),
      )
      return reply.code(201).send(item)
    },
  )

  app.get(
    '/api/admin/media/:id',
    {
      config: { policy: 'staff' },
      schema: {
        ...operation('media', 'getMedia', 'A picture, and where it is used'),
        params: IdParams,
        response: { 200: Type.Object({ media: MediaItemSchema, uses: Type.Array(MediaUseSchema) }), ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const item = await media.get(request.params.id)
      if (!item) throw new AppError('MEDIA_NOT_FOUND')
      return { media: item, uses: await media.uses(item.id) }
    },
  )

  app.patch(
    '/api/admin/media/:id',
    {
      config: { policy: 'reporter' },
      schema: {
        ...operation('media', 'updateMedia', 'Change a picture’s alt text, caption, credit, copyright, focal point or licence expiry'),
        params: IdParams,
        body: MediaPatch,
        response: { 200: MediaItemSchema, ...errorResponses(400, 404, 413, 415) },
      },
    },
    async (request) => {
      const b = request.body
      const at = b.licenceExpiresAt === undefined ? undefined : b.licenceExpiresAt === null ? null : new Date(b.licenceExpiresAt)
      return media.update(
        request.params.id,
        { alt: b.alt, caption: b.caption, credit: b.credit, copyright: b.copyright, focal: b.focal, licenceExpiresAt: at },
        who(request),
      )
    },
  )

  app.put(
    '/api/admin/media/:id/file',
    {
      config: { policy: 'editor' },
      validatorCompiler: ({ httpPart }) => (httpPart === 'body' ? bodyDocumentedOnly() : (data: unknown) => ({ value: idParam(data) })),
      schema: {
        ...operation(
          'media',
          'replaceMediaFile',
          'Replace the file behind a picture everywhere it is used',
          'Same id, alt text, caption and credit; every article, published version and feed shows the new file at new URLs.',
        ),
        consumes: ['multipart/form-data'],
        params: IdParams,
        body: ReplaceBody,
        response: { 200: MediaItemSchema, ...errorResponses(400, 404, 413, 415, 422) },
      },
    },
    async (request) => {
      if (!(request.params.id > 0)) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'id', message: 'must be a picture id' }] })
      return withUpload(request, opts.maxUploadBytes, ({ file, filename }) =>
        media.replace(request.params.id, { file, facts: file, filename, by: who(request) }),
      )
    },
  )

  app.delete(
    '/api/admin/media/:id',
    {
      config: { policy: 'editor' },
      schema: {
        ...operation('media', 'deleteMedia', 'Delete a picture no article uses'),
        params: IdParams,
        response: { 204: Type.Null({ description: 'deleted' }), ...errorResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      await media.remove(request.params.id, who(request))
      return reply.code(204).send(null)
    },
  )
}

/** The replace route's id, read by hand (its compiler skips the multipart body); 0 when it is not an id. */
function idParam(data: unknown) {
  const text = String((data as { id?: unknown } | undefined)?.id ?? '')
  return { id: /^[1-9]\d{0,9}$/.test(text) && Number(text) <= 2147483647 ? Number(text) : 0 }
}
