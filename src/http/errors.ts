import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, ERRORS, type ErrorCode, type FieldProblem } from '../errors.ts'

/** The public shape of an error, for JSON and HTML alike. */
export interface PublicError {
  retryAfterSeconds?: number | undefined
  status: number
  code: ErrorCode
  message: string
  fields: FieldProblem[]
}

/** True when the client should get JSON rather than an HTML page. */
export function wantsJson(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/')) return true
  const accept = request.headers.accept ?? ''
  return accept.includes('application/json') && !accept.includes('text/html')
}

type SchemaNode = { properties?: Record<string, SchemaNode>; description?: string }

/** "Query parameter "before" is not valid: a cursor from an Older link" from a schema validation error. */
function describeValidation(error: FastifyError, request: FastifyRequest): { message: string; fields: FieldProblem[] } {
  const where = error.validationContext ?? 'request'
  const label = where === 'querystring' ? 'Query parameter' : where === 'params' ? 'Path parameter' : where === 'headers' ? 'Header' : 'Field'
  const schema = (request.routeOptions.schema as Record<string, SchemaNode> | undefined)?.[where]
  const fields = (error.validation ?? []).map((v) => {
    const missing = (v.params as { missingProperty?: string } | undefined)?.missingProperty
    const name = (missing ?? v.instancePath.replace(/^\//, '').replace(/\//g, '.')) || where
    const description = schema?.properties?.[name.split('.')[0]!]?.description
    const message = missing ? `${label} "${name}" is required` : `${label} "${name}" ${description ? `is not valid: ${description}` : v.message}`
    return { field: name, message }
  })
  return { message: fields.map((f) => f.message).join('; ') || error.message, fields }
}

/** Maps any thrown error to a public error; logs what the public must not see. */
export function toPublicError(error: unknown, request: FastifyRequest): PublicError {
  if (error instanceof AppError) {
    if (error.status >= 500) request.log.error({ err: error }, error.message)
    return { status: error.status, code: error.code, message: error.publicMessage, fields: error.fields, retryAfterSeconds: error.retryAfterSeconds }
  }
  const fe = error as FastifyError
  if (fe.validation) {
    const { message, fields } = describeValidation(fe, request)
    return { status: 400, code: 'VALIDATION_FAILED', message, fields }
  }
  const byStatus: Partial<Record<number, ErrorCode>> = {
    400: 'BAD_REQUEST',
    404: 'NOT_FOUND',
    405: 'METHOD_NOT_ALLOWED',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    429: 'RATE_LIMITED',
  }
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500
  const code = byStatus[status]
  if (code) {
    // Fastify's own 4xx messages (bad JSON, body too large) are safe and useful to show.
    return { status, code, message: status === 429 ? ERRORS.RATE_LIMITED.message : fe.message || ERRORS[code].message, fields: [] }
  }
  if (isBadValueForDatabase(error)) {
    // a value no schema caught but PostgreSQL refuses (out of range, not a number, NUL): the client's fault
    request.log.warn({ err: error }, 'database refused a value from the request')
    return { status: 400, code: 'BAD_REQUEST', message: 'A value sent is out of range or not valid.', fields: [] }
  }
  if (isDatabaseDown(error)) {
    request.log.error({ err: error }, 'database unavailable')
    return { status: 503, code: 'DATABASE_UNAVAILABLE', message: ERRORS.DATABASE_UNAVAILABLE.message, fields: [] }
  }
  request.log.error({ err: error }, 'unhandled error')
  return { status: 500, code: 'INTERNAL', message: ERRORS.INTERNAL.message, fields: [] }
}

/** PostgreSQL data exceptions caused by a value: invalid text representation, out of range, NUL / bad encoding. */
export function isBadValueForDatabase(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && ['22P02', '22003', '22021', '22P05', '22008', '22007'].includes(code)
}

/** Connection-level failures: the database is down or unreachable, not a bad query. */
export function isDatabaseDown(error: unknown): boolean {
  const e = error as { code?: string; message?: string }
  if (!e) return false
  // 57014: a statement cancelled (statement_timeout), 55P03: a lock not had within lock_timeout, 25P03: a transaction left idle too long
  const codes = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '57014', '55P03', '25P03']
  if (codes.includes(e.code ?? '') || /^08/.test(e.code ?? '')) return true
  return /Connection terminated|connection timeout|PGlite is closed|Client has encountered a connection error|timeout exceeded when trying to connect|Query read timeout/i.test(
    e.message ?? '',
  )
}

export type ErrorPageRenderer = (request: FastifyRequest, error: PublicError) => Promise<string> | string

/**
 * One error handler and one not-found handler for the whole app: JSON for APIs, pages for people.
 * `fallback` may answer instead (a stale cached copy of the page when the database is down).
 */
export function installErrorHandling(
  app: FastifyInstance,
  renderPage: ErrorPageRenderer,
  fallback?: (request: FastifyRequest, reply: FastifyReply, error: PublicError) => FastifyReply | undefined,
): void {
  const send = async (request: FastifyRequest, reply: FastifyReply, pe: PublicError) => {
    reply.code(pe.status)
    if (pe.retryAfterSeconds !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(pe.retryAfterSeconds))))
    else if (pe.status === 503) reply.header('retry-after', '30')
    reply.header('cache-control', 'no-store')
    if (request.method === 'HEAD') return reply.send()
    if (wantsJson(request)) {
      return reply
        .type('application/json; charset=utf-8')
        .send({ error: { code: pe.code, message: pe.message, ...(pe.fields.length ? { fields: pe.fields } : {}) } })
    }
    return reply.type('text/html; charset=utf-8').send(await renderPage(request, pe))
  }
  app.setErrorHandler(async (error, request, reply) => {
    const pe = toPublicError(error, request)
    return (pe.status >= 500 && fallback?.(request, reply, pe)) || send(request, reply, pe)
  })
  app.setNotFoundHandler(async (request, reply) => send(request, reply, { status: 404, code: 'NOT_FOUND', message: ERRORS.NOT_FOUND.message, fields: [] }))
  frameworkErrorSenders.set(app, send)
}

const frameworkErrorSenders = new WeakMap<object, (request: FastifyRequest, reply: FastifyReply, pe: PublicError) => Promise<unknown>>()

/**
 * Fastify's `frameworkErrors` option: an address it cannot decode (a "%" not followed by two hex
 * digits) is refused before routing; the answer takes the app's own shape (JSON or a page), as
 * every other 400 does. Bound to the app once installErrorHandling has run.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const send = frameworkErrorSenders.get(request.server)
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH'
  const message = tooLong
    ? 'A part of the address is too long.'
    : error.code === 'FST_ERR_BAD_URL'
      ? 'The address is not valid: "%" must be followed by two hexadecimal digits that make UTF-8.'
      : ERRORS.BAD_REQUEST.message
  const pe: PublicError = { status: tooLong ? 414 : 400, code: 'BAD_REQUEST', message, fields: [] }
  const plain = () =>
    void reply
      .code(pe.status)
      .type('application/json; charset=utf-8')
      .send({ error: { code: pe.code, message } })
  if (send) send(request, reply, pe).catch(() => !reply.sent && plain())
  else plain()
}
