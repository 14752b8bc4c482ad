import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AppError, type FieldProblem } from '../errors.ts'

/**
 * The last word on what a route's handler may receive, for every route at once.
 *
 * ajv turns the path or query text "Infinity" or "1e309" into the number Infinity and then lets it
 * past `maximum` (its range check is skipped for a value it coerced), so a route's schema alone does
 * not keep non-finite numbers out; PostgreSQL then refuses them and the reader got a 500. A NUL
 * character is refused by PostgreSQL in any text too. Both are 400s here, before any handler runs.
 */
export function requireStrictInput(app: FastifyInstance): void {
  app.addHook('preHandler', (request: FastifyRequest, _reply, done) => {
    const problems: FieldProblem[] = []
    check(request.params, 'Path parameter', '', problems, 0)
    // nothing lives at a path with a NUL in it
    if (problems.some((p) => p.message.endsWith('NUL character'))) return done(new AppError('NOT_FOUND'))
    check(request.query, 'Query parameter', '', problems, 0)
    check(request.body, 'Field', '', problems, 0)
    if (problems.length) {
      done(new AppError('VALIDATION_FAILED', { message: problems.map((p) => p.message).join('; '), fields: problems }))
      return
    }
    done()
  })
}

/** Problems with one value: non-finite numbers, NUL characters (in keys too), nested up to a depth. */
export function inputProblems(value: unknown): FieldProblem[] {
  const problems: FieldProblem[] = []
  check(value, 'Field', '', problems, 0)
  return problems
}

function check(value: unknown, label: string, path: string, problems: FieldProblem[], depth: number): void {
  if (problems.length >= 5 || depth > 32) return
  const name = path || 'value'
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) problems.push({ field: name, message: `${label} "${name}" must be a finite number` })
  } else if (typeof value === 'string') {
    if (value.includes('\u0000')) problems.push({ field: name, message: `${label} "${name}" must not contain a NUL character` })
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => check(v, label, path ? `${path}.${i}` : String(i), problems, depth + 1))
  } else if (value && typeof value === 'object' && !Buffer.isBuffer(value) && !(value instanceof Uint8Array)) {
    const proto = Object.getPrototypeOf(value) as unknown
    // plain objects only (a query string's object has a null-prototype prototype); multipart parts and streams are checked where read
    if (proto !== Object.prototype && proto !== null && Object.getPrototypeOf(proto) !== null) return
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) problems.push({ field: 'name', message: `${label} names must not contain a NUL character` })
      check(v, label, path ? `${path}.${k}` : k, problems, depth + 1)
    }
  }
}
