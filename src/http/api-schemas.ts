import { Type } from 'typebox'

/** The body of every JSON error (errors.ts sends it; docs/errors.md lists the codes). */
export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'a stable code from docs/errors.md, such as ARTICLE_NOT_FOUND: branch on this' }),
      message: Type.String({ description: 'for people; it may change' }),
      fields: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }), { description: 'which fields are wrong and why' })),
    }),
  },
  { title: 'Error' },
)

/** The statuses a route may add to the ones every protected JSON route can send (401, 403, 5xx). */
export type ErrorStatus = 400 | 404 | 409 | 413 | 415 | 422

/** What a route with a JSON body can also answer: invalid (400), too large (413), not JSON (415). */
export const BODY_ERRORS = [400, 413, 415] as const satisfies readonly ErrorStatus[]

const WHY: Record<ErrorStatus | 401 | 403 | '5xx', string> = {
  400: 'VALIDATION_FAILED: a parameter or field is not valid (`fields` says which and why); BAD_REQUEST: the body could not be parsed.',
  401: 'UNAUTHENTICATED: no valid session cookie or API token.',
  403: 'FORBIDDEN: your role does not allow this; CSRF_INVALID: a request made with the session cookie lacked a valid x-csrf-token header.',
  404: 'Nothing has the id in the path (NOT_FOUND, ARTICLE_NOT_FOUND, SECTION_NOT_FOUND, LINK_NOT_FOUND, STATION_NOT_FOUND or MEDIA_NOT_FOUND).',
  409: 'CONFLICT or STATION_SLUG_TAKEN: the change conflicts with the current state; the message says how.',
  413: 'PAYLOAD_TOO_LARGE: the body is larger than allowed.',
  415: 'UNSUPPORTED_MEDIA_TYPE: send `content-type: application/json`.',
  422: 'The content was understood but cannot be used; the code says why (MEDIA_UNREADABLE: a damaged, animated or too large picture).',
  '5xx': 'INTERNAL (500): logged on the server; DATABASE_UNAVAILABLE (503): try again after Retry-After seconds.',
}

// the response's description in the OpenAPI document (@fastify/swagger moves it there)
const described = (why: string) => ({ ...ErrorResponse, 'x-response-description': why }) as typeof ErrorResponse

/** Error responses of a protected JSON route: 401, 403 and 5xx always, and `statuses` besides. */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]): Record<401 | 403 | S | '5xx', typeof ErrorResponse> {
  const out: Partial<Record<ErrorStatus | 401 | 403 | '5xx', typeof ErrorResponse>> = { 401: described(WHY[401]), 403: described(WHY[403]) }
  for (const s of statuses) out[s] = described(WHY[s])
  out['5xx'] = described(WHY['5xx'])
  return out as Record<401 | 403 | S | '5xx', typeof ErrorResponse>
}

/** An operation's label in the OpenAPI document: its tag, operationId and one-line summary. */
export function operation(tag: string, operationId: string, summary: string, description?: string) {
  return { tags: [tag], operationId, summary, ...(description ? { description } : {}) }
}
