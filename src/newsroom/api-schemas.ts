import { Type, type TSchema } from 'typebox'
import { BodyApiSchema } from '../content/block-schemas.ts'
import type { ArticleStatus } from '../content/types.ts'
import type { StaffRole } from '../accounts/tables.ts'
import type { WorkflowAction } from './workflow.ts'
import { ARTICLE_STATUSES } from '../content/types.ts'
import { STAFF_ROLES } from '../accounts/tables.ts'
import { WORKFLOW_ACTIONS } from './workflow.ts'

/** Shared TypeBox schemas of the admin API (they also make its OpenAPI document). */
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647, description: 'numeric id' }) })

export { ErrorResponse } from '../http/api-schemas.ts'

export const StatusSchema = Type.Unsafe<ArticleStatus>(Type.String({ enum: [...ARTICLE_STATUSES] }))
export const RoleSchema = Type.Unsafe<StaffRole>(Type.String({ enum: [...STAFF_ROLES] }))
export const ActionSchema = Type.Unsafe<WorkflowAction>(Type.String({ enum: [...WORKFLOW_ACTIONS] }))

/** A timestamp: Date in handlers, ISO 8601 text on the wire. */
export const DateTime = Type.Unsafe<Date | string>(Type.String({ format: 'date-time' }))
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])

const EditingSchema = Type.Object(
  {
    copy: Type.String({
      enum: ['article', 'live', 'working'],
      description: 'article: not published, edited in place; live: published, no pending changes; working: the working copy',
    }),
    live: Nullable(
      Type.Object({
        version: Type.Integer({ description: 'the published version readers see' }),
        publishedAt: DateTime,
        sectionId: Type.Integer(),
        slug: Type.String(),
      }),
    ),
    differsFromLive: Type.Boolean(),
    workingCopy: Nullable(
      Type.Object({
        state: Type.String({ enum: ['editing', 'review'] }),
        modifiedAt: DateTime,
        modifiedBy: Nullable(Type.String()),
        scheduledFor: Nullable(DateTime),
        scheduledNote: Nullable(Type.String()),
      }),
    ),
  },
  { title: 'EditingState' },
)

export const VersionSummarySchema = Type.Object(
  {
    number: Type.Integer(),
    kind: Type.String({ enum: ['publish', 'republish', 'update', 'correction', 'import', 'migration'] }),
    publishedAt: DateTime,
    publishedBy: Nullable(Type.String()),
    note: Type.String(),
    contentHash: Type.String({ description: 'SHA-256 of the version, chained to the previous one' }),
  },
  { title: 'PublishedVersion' },
)

export const VersionResponse = Type.Object(
  {
    ...VersionSummarySchema.properties,
    previousHash: Nullable(Type.String()),
    content: Type.Object(
      {
        headline: Type.String(),
        lead: Type.String(),
        dateline: Type.Union([Type.Object({ place: Type.String(), dateText: Nullable(Type.String()), agency: Nullable(Type.String()) }), Type.Null()]),
        body: BodyApiSchema,
        section: Type.Object({ id: Type.Integer(), name: Type.String() }),
        slug: Type.String(),
        firstPublishedAt: Nullable(Type.String()),
        tags: Type.Array(Type.String()),
        bylines: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
        related: Type.Array(Type.Object({ articleId: Nullable(Type.Integer()), headline: Nullable(Type.String()) })),
        corrections: Type.Array(Type.Object({ at: Type.String(), text: Type.String(), correctsVersion: Nullable(Type.Integer()) })),
      },
      { description: 'exactly what readers were shown' },
    ),
  },
  { title: 'PublishedVersionContent' },
)

export const ArticleResponse = Type.Object(
  {
    id: Type.Integer(),
    headline: Type.String(),
    headlineNeedsReview: Type.Boolean(),
    lead: Type.String(),
    slug: Type.String(),
    sectionId: Type.Integer(),
    sectionName: Type.String(),
    dateline: Type.Union([Type.Object({ place: Type.String(), dateText: Nullable(Type.String()), agency: Nullable(Type.String()) }), Type.Null()]),
    body: BodyApiSchema,
    status: StatusSchema,
    tags: Type.Array(Type.String()),
    authorIds: Type.Array(Type.Integer()),
    related: Type.Array(Type.Object({ articleId: Type.Optional(Type.Integer()), headline: Type.Optional(Type.String()) })),
    firstPublishedAt: Nullable(DateTime),
    publishedAt: Nullable(DateTime),
    updatedAt: Nullable(DateTime),
    scheduledFor: Nullable(DateTime),
    modifiedAt: DateTime,
    version: Type.Integer({ description: 'send it back on PUT: a save from an older version is refused (409)' }),
    url: Nullable(Type.String({ description: 'public URL when published' })),
    editing: EditingSchema,
  },
  {
    title: 'Article',
    description:
      'The copy the newsroom edits. For a published article that is its working copy (editing.copy = working) laid over the live version readers see; saves and autosaves never change the live version: Update live (workflow action update) does.',
  },
)

export const ArticleListItem = Type.Object(
  {
    id: Type.Integer(),
    headline: Type.String(),
    status: StatusSchema,
    section: Type.String(),
    bylines: Type.String(),
    createdBy: Nullable(Type.String()),
    modifiedAt: DateTime,
    publishedAt: Nullable(DateTime),
    scheduledFor: Nullable(DateTime),
  },
  { title: 'ArticleSummary' },
)

export const ListQuery = Type.Object({
  status: Type.Optional(StatusSchema),
  sectionId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
  personId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
})

export const SectionInputSchema = Type.Object(
  {
    name: Type.String({ maxLength: 500 }),
    slug: Type.Optional(Type.String({ maxLength: 200 })),
    parentId: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 2147483647 }), Type.Null()])),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
  },
  { additionalProperties: false, title: 'SectionInput' },
)

export const SectionResponse = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    slug: Type.String(),
    path: Type.String(),
    parentId: Type.Union([Type.Integer(), Type.Null()]),
    description: Type.String(),
    position: Type.Integer(),
  },
  { title: 'Section' },
)

export const StaffResponse = Type.Object(
  {
    id: Type.Integer(),
    email: Type.String(),
    displayName: Type.String(),
    kind: Type.String(),
    role: Type.Union([RoleSchema, Type.Null()]),
    disabled: Type.Boolean(),
    lastSignInAt: Nullable(DateTime),
  },
  { title: 'StaffAccount' },
)

export const MeResponse = Type.Object({ id: Type.Integer(), email: Type.String(), displayName: Type.String(), role: Type.Union([RoleSchema, Type.Null()]) })

export const WorkflowResponse = Type.Object({ id: Type.Integer(), status: StatusSchema, scheduledFor: Nullable(DateTime) })

export const CorrectionResponse = Type.Object({ id: Type.Integer(), text: Type.String(), createdAt: DateTime, correctsVersion: Nullable(Type.Integer()) })

export const RevisionListResponse = Type.Object({
  revisions: Type.Array(
    Type.Object({
      number: Type.Integer(),
      kind: Type.String({ enum: ['save', 'autosave', 'restore', 'import', 'publish', 'update', 'discard'] }),
      createdAt: DateTime,
      author: Nullable(Type.String()),
      headline: Type.String(),
    }),
  ),
})

export const RevisionCompareResponse = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  fields: Type.Array(
    Type.Object({
      field: Type.String(),
      label: Type.String(),
      changed: Type.Boolean(),
      parts: Type.Array(Type.Object({ text: Type.String(), change: Type.String({ enum: ['same', 'added', 'removed'] }) }), {
        description: 'the field as text, word by word',
      }),
    }),
  ),
})

export const HistoryResponse = Type.Object({
  history: Type.Array(
    Type.Object({
      at: DateTime,
      action: Type.String({ description: 'such as article.create, article.save, article.publish' }),
      actor: Nullable(Type.String()),
      detail: Type.Unknown({ description: 'what the action recorded, if anything' }),
    }),
  ),
})

export const BylinesResponse = Type.Object({ bylines: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), slug: Nullable(Type.String()) })) })

export const TokenListResponse = Type.Object({
  tokens: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      prefix: Type.String({ description: 'the first characters of the token, to recognise it' }),
      createdAt: DateTime,
      lastUsedAt: Nullable(DateTime),
      revoked: Type.Boolean(),
      revokedReason: Nullable(Type.String({ description: 'why it was revoked when not by you (a password reset, the account disabled)' })),
      scopes: Type.Array(Type.String({ enum: ['read', 'write', 'publish', 'admin'] })),
      expiresAt: Nullable(DateTime),
    }),
  ),
})
