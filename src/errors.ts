/**
 * The one catalogue of errors. Programs branch on `code`; `message` is what the public sees;
 * private detail goes to the log only. docs/errors.md lists the same codes (a test keeps them in step).
 */
export const ERRORS = {
  BAD_REQUEST: { status: 400, message: 'The request was not understood.' },
  VALIDATION_FAILED: { status: 400, message: 'Some of what was sent is not valid.' },
  UNAUTHENTICATED: { status: 401, message: 'Please sign in.' },
  CSRF_INVALID: { status: 403, message: 'This form has expired or did not come from this site. Reload the page and try again.' },
  FORBIDDEN: { status: 403, message: 'You do not have permission to do that.' },
  ACCOUNT_ACTION_REQUIRED: {
    status: 403,
    message: 'Before anything else, choose a new password (or set up two-factor sign-in) on your account page: /newsroom/account.',
  },
  NOT_FOUND: { status: 404, message: 'There is nothing at this address.' },
  ARTICLE_NOT_FOUND: { status: 404, message: 'That article does not exist or is not published.' },
  SECTION_NOT_FOUND: { status: 404, message: 'That section does not exist.' },
  FEED_NOT_FOUND: {
    status: 404,
    message: 'There is no such feed. Feeds are rss.xml, atom.xml or feed.json for the site, a section, a tag or an author; /feeds/ lists them.',
  },
  LINK_NOT_FOUND: { status: 404, message: 'That short link does not exist.' },
  LINK_EXPIRED: { status: 410, message: 'That short link has expired.' },
  STATION_NOT_FOUND: { status: 404, message: 'That radio station does not exist.' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'That method is not allowed here.' },
  CONFLICT: { status: 409, message: 'That conflicts with the current state. Reload and try again.' },
  SLUG_TAKEN: { status: 409, message: 'Another article in this section already uses that slug.' },
  STATION_SLUG_TAKEN: { status: 409, message: 'Another station already uses that short name.' },
  COMMENT_NOT_FOUND: { status: 404, message: 'That comment does not exist or has been removed.' },
  DISCUSSION_CLOSED: { status: 403, message: 'The discussion of this article is closed.' },
  READER_SUSPENDED: { status: 403, message: 'Your account may not take part in discussion at the moment.' },
  EDIT_WINDOW_CLOSED: { status: 403, message: 'Comments can only be changed for a short time after posting.' },
  COMMENT_REJECTED: { status: 422, message: 'Your comment was not published because it breaks our community standards.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'What was sent is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'That content type is not accepted here.' },
  MEDIA_NOT_FOUND: { status: 404, message: 'That picture is not in the media library.' },
  MEDIA_EXPIRED: { status: 410, message: 'The licence to show that picture has expired.' },
  MEDIA_IN_USE: { status: 409, message: 'That picture is used in articles; remove it from them first.' },
  MEDIA_TOO_LARGE: { status: 413, message: 'That file is too large to upload.' },
  MEDIA_UNSUPPORTED_TYPE: { status: 415, message: 'That file is not a picture Dateline accepts: upload a JPEG, PNG, WebP, AVIF, GIF or TIFF.' },
  MEDIA_UNREADABLE: { status: 422, message: 'That picture could not be read: the file may be damaged or cut short.' },
  MEDIA_BUSY: { status: 503, message: 'Pictures are being prepared for many readers at once. Try again in a moment.' },
  MEDIA_STORE_UNAVAILABLE: { status: 503, message: 'The picture store cannot be reached right now, so nothing was saved. Try again in a minute.' },
  API_KEY_INVALID: { status: 401, message: 'An API key with access to this is needed: send it as "Authorization: Bearer <key>".' },
  NINJS_INVALID: { status: 400, message: 'That is not a valid IPTC ninjs item.' },
  WIRE_ITEM_NOT_FOUND: { status: 404, message: 'That wire item does not exist.' },
  WEBHOOK_NOT_FOUND: { status: 404, message: 'That webhook does not exist.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests. Please wait a moment and try again.' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side. It has been logged.' },
  FORMAT_NOT_IMPLEMENTED: { status: 501, message: 'That response format is not offered here. oEmbed answers in json or xml.' },
  LIVE_BUSY: { status: 503, message: 'Too many listeners are connected for live updates right now. The radio still plays; updates will resume shortly.' },
  DATABASE_UNAVAILABLE: { status: 503, message: 'The site cannot save changes right now. Please try again in a minute.' },
} as const satisfies Record<string, { status: number; message: string }>

export type ErrorCode = keyof typeof ERRORS

/** A field-level problem, shown next to the field in forms and returned in API errors. */
export interface FieldProblem {
  field: string
  message: string
}

/** An error with a stable code from the catalogue; `detail` is logged, never shown. */
export class AppError extends Error {
  readonly status: number
  readonly publicMessage: string
  readonly fields: FieldProblem[]
  constructor(
    readonly code: ErrorCode,
    options: { message?: string; detail?: string; fields?: FieldProblem[]; cause?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(options.detail ?? options.message ?? ERRORS[code].message, { cause: options.cause })
    this.name = 'AppError'
    this.status = ERRORS[code].status
    this.publicMessage = options.message ?? ERRORS[code].message
    this.fields = options.fields ?? []
    this.retryAfterSeconds = options.retryAfterSeconds
  }
  /** Sent as Retry-After (429, 503). */
  readonly retryAfterSeconds: number | undefined
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError
}
