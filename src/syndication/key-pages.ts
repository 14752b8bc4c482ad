import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import { formCsrfToken } from '../accounts/auth-plugin.ts'
import type { Config } from '../config.ts'
import { staffTr, type NewsroomAssets, type NewsroomFrame } from '../web/newsroom-layout.ts'
import type { KeyStore } from './key-store.ts'
import { keysPage } from './key-templates.ts'
import { KEY_SCOPES, type KeyScope } from './tables.ts'

const Scope = Type.Union(KEY_SCOPES.map((s) => Type.Literal(s)))
const KeyForm = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 1000 })),
    scopes: Type.Optional(Type.Union([Scope, Type.Array(Scope, { maxItems: 3 })])),
    _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
)
const CsrfForm = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) })
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) })

/** A name as typed, cleaned: no control characters, spaces collapsed. */
export function cleanName(text: string | undefined): string {
  return (text ?? '')
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cs}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/** /newsroom/syndication: admins make and revoke API keys; each secret is shown once. */
export async function keyPages(app: FastifyInstance, o: { keys: KeyStore; config: Config; assets: NewsroomAssets }) {
  const frame = (request: FastifyRequest, reply: FastifyReply): NewsroomFrame => ({
    title: staffTr(request).t('desk.keys.title'),
    who: request.auth?.principal ?? null,
    tr: staffTr(request),
    csrfToken: formCsrfToken(request, reply, o.config),
    assets: o.assets,
    current: '/newsroom/syndication',
  })
  const show = async (request: FastifyRequest, reply: FastifyReply, extra: Omit<Parameters<typeof keysPage>[1], 'keys'> = {}, status = 200) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(keysPage(frame(request, reply), { keys: await o.keys.listKeys(), ...extra }).value)

  app.get('/newsroom/syndication', { config: { policy: 'admin' }, schema: { querystring: Type.Object({}) } }, (request, reply) => show(request, reply))

  app.post<{ Body: Static<typeof KeyForm> }>(
    '/newsroom/syndication/keys',
    { config: { policy: 'admin' }, bodyLimit: 8192, schema: { body: KeyForm } },
    async (request, reply) => {
      const name = cleanName(request.body.name)
      const scopes = [...new Set([request.body.scopes ?? []].flat())] as KeyScope[]
      const draft = { name, scopes }
      const tr = staffTr(request)
      if (name === '' || [...name].length > 200) return show(request, reply, { draft, error: tr.t('desk.keys.nameNeeded') }, 400)
      if (scopes.length === 0) return show(request, reply, { draft, error: tr.t('desk.keys.scopeNeeded') }, 400)
      const made = await o.keys.createKey({ name, scopes, createdBy: request.auth?.principal.id ?? null })
      return show(request, reply, { made: { name, secret: made.secret } }, 201)
    },
  )

  app.post<{ Params: Static<typeof IdParams> }>(
    '/newsroom/syndication/keys/:id/revoke',
    { config: { policy: 'admin' }, bodyLimit: 8192, schema: { params: IdParams, body: CsrfForm } },
    async (request, reply) => {
      await o.keys.revokeKey(request.params.id)
      return reply.redirect('/newsroom/syndication', 303)
    },
  )
}
