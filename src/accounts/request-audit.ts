import type { FastifyInstance } from 'fastify'
import type { Queryable } from '../db/types.ts'
import { auditScope, recordAudit } from './audit.ts'

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const STAFF_SURFACES = ['/newsroom', '/api/admin']

/**
 * Every staff request that changes data leaves an audit entry: services record what they did in
 * their own words ("article.publish"); a successful staff write that recorded nothing gets an
 * entry here with who, when and what (the route, its parameters and the names of the fields sent;
 * never their values, which may be passwords).
 */
export function installRequestAudit(app: FastifyInstance, deps: { db: Queryable; now: () => Date; log: { warn: (o: object, m: string) => void } }): void {
  // the rest of the request runs inside the scope (calling done() inside run() carries it on)
  app.addHook('onRequest', (request, _reply, done) => {
    if (WRITES.has(request.method)) auditScope.run({ recorded: 0 }, done)
    else done()
  })
  app.addHook('onSend', async (request, reply, payload) => {
    if (!WRITES.has(request.method) || reply.statusCode >= 400) return payload
    const policy = request.routeOptions.config?.policy
    const who = request.auth?.principal
    if (!policy || policy === 'public' || who?.kind !== 'staff') return payload
    const route = request.routeOptions.url ?? request.url
    if (!STAFF_SURFACES.some((p) => route === p || route.startsWith(`${p}/`))) return payload
    const scope = auditScope.getStore()
    if (!scope || scope.recorded > 0) return payload
    const body = request.body
    const fields =
      body && typeof body === 'object' && !Buffer.isBuffer(body)
        ? Object.keys(body as object)
            .filter((k) => k !== '_csrf')
            .slice(0, 50)
        : []
    try {
      await recordAudit(deps.db, {
        actorId: who.id,
        action: 'staff.request',
        subjectType: 'route',
        subjectId: `${request.method} ${route}`,
        detail: { params: request.params ?? {}, fields, status: reply.statusCode },
        at: deps.now(),
      })
    } catch (err) {
      deps.log.warn({ err }, 'could not record the audit entry of a request')
    }
    return payload
  })
}
