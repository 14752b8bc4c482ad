import type { SwaggerOptions } from '@fastify/swagger'
import { cookieName, CSRF_HEADER, SESSION_COOKIE } from '../accounts/auth-plugin.ts'
import { siteBase, type Config } from '../config.ts'
import { nameSchemas } from '../http/openapi-components.ts'

/** The admin API's tags: every operation has one, and each is described here. */
export const ADMIN_API_TAGS = [
  { name: 'account', description: 'Who is calling: the signed-in staff member or the owner of the API token.' },
  { name: 'articles', description: 'Writing, editing and publishing articles, their corrections, history and view counts.' },
  { name: 'revisions', description: 'Every save of an article is kept as a revision: list, compare and restore them.' },
  { name: 'versions', description: 'The published record: every version readers were shown (publication, update, correction), immutable and hash-chained.' },
  { name: 'notifications', description: 'What happened to your stories (submitted, returned, published), and how many wait for review.' },
  { name: 'sections', description: 'The sections articles are filed in (admins change them).' },
  {
    name: 'editions',
    description: 'Editions: one newsroom publishing in several languages, each under its URL prefix (admins add and change them, and limit staff to some).',
  },
  { name: 'people', description: 'Bylines, and the staff accounts that admins manage.' },
  { name: 'tokens', description: 'API tokens: each staff member makes and revokes their own.' },
  { name: 'links', description: 'Short links to any URL, made by editors, with click counts.' },
  {
    name: 'media',
    description:
      'The media library: upload pictures, describe and credit them, set their focal point and licence, replace their file, see where they are used.',
  },
  { name: 'stations', description: 'Live radio stations, their streams and programme schedules (admins only).' },
] as const

const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS']

/**
 * @fastify/swagger's options for /api/admin/openapi.json: only /api/admin/ routes are described.
 * Reading needs a token or the session cookie; changing something with the cookie also needs the
 * CSRF header (auth-plugin.ts), so read operations say so instead of the global requirement.
 */
export function openapiOptions(config: Pick<Config, 'siteUrl'>): SwaggerOptions {
  return {
    openapi: {
      info: {
        title: 'Dateline admin API',
        version: '1',
        description:
          'The newsroom’s operations as JSON. Authenticate with `Authorization: Bearer <API token>`, or with the session cookie of a signed-in browser plus the `x-csrf-token` header on every request that changes something. Errors are `{ "error": { "code", "message", "fields"? } }`; programs branch on `code`.',
        license: { name: 'MIT', url: 'https://opensource.org/license/mit' },
      },
      servers: [{ url: siteBase(config), description: 'This Dateline site' }],
      tags: ADMIN_API_TAGS.map((t) => ({ ...t })),
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API token, made at /newsroom/tokens or with POST /api/admin/tokens; it acts as the person who made it.',
          },
          sessionCookie: {
            type: 'apiKey',
            in: 'cookie',
            name: cookieName(config, SESSION_COOKIE),
            description: 'The session cookie set by signing in at /newsroom/sign-in.',
          },
          csrfToken: {
            type: 'apiKey',
            in: 'header',
            name: CSRF_HEADER,
            description:
              'The session’s CSRF token (the `csrf-token` meta tag of any newsroom page); required with the session cookie on every request that is not a GET.',
          },
        },
      },
      security: [{ bearer: [] }, { sessionCookie: [], csrfToken: [] }],
    },
    transform: ({ schema, url, route }) => {
      if (!url.startsWith('/api/admin/')) return { schema: { ...schema, hide: true }, url }
      const safe = [route.method].flat().every((m) => SAFE_METHODS.includes(m))
      return { schema: safe ? { ...schema, security: [{ bearer: [] }, { sessionCookie: [] }] } : schema, url }
    },
    transformObject: (documents) => ('openapiObject' in documents ? nameSchemas(documents.openapiObject) : documents.swaggerObject),
  }
}
