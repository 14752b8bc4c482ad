import { Type, type TSchema } from 'typebox'
import { BodyApiSchema } from '../content/block-schemas.ts'
import { CURSOR_PATTERN } from '../web/format.ts'

const DateTime = (description: string) => Type.String({ format: 'date-time', description })
const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()])

/** Every field an article can have in the Content API; `fields=` picks some (id always comes). */
export const ARTICLE_FIELDS = [
  'url',
  'edition',
  'section',
  'slug',
  'headline',
  'lead',
  'dateline',
  'authors',
  'tags',
  'firstPublishedAt',
  'publishedAt',
  'updatedAt',
  'corrections',
  'body',
  'bodyHtml',
  'ninjsUrl',
] as const
export type ArticleField = (typeof ARTICLE_FIELDS)[number]
/** What a list gives when `fields` is not set: everything but the body (ask for body or bodyHtml). */
export const LIST_FIELDS: readonly ArticleField[] = ARTICLE_FIELDS.filter((f) => f !== 'body' && f !== 'bodyHtml')

export const ContentArticle = Type.Object(
  {
    id: Type.Integer(),
    url: Type.Optional(Type.String({ format: 'uri', description: 'the article’s page' })),
    edition: Type.Optional(Type.String({ description: 'the code of its edition' })),
    section: Type.Optional(Type.Object({ id: Type.Integer(), path: Type.String(), name: Type.String() }, { additionalProperties: false })),
    slug: Type.Optional(Type.String()),
    headline: Type.Optional(Type.String()),
    lead: Type.Optional(Type.String()),
    dateline: Type.Optional(
      Nullable(
        Type.Object(
          { place: Type.String(), dateText: Nullable(Type.String()), agency: Nullable(Type.String()) },
          { additionalProperties: false, title: 'ContentDateline' },
        ),
      ),
    ),
    authors: Type.Optional(
      Type.Array(Type.Object({ id: Type.Integer(), slug: Nullable(Type.String()), name: Type.String() }, { additionalProperties: false })),
    ),
    tags: Type.Optional(Type.Array(Type.Object({ slug: Type.String(), name: Type.String() }, { additionalProperties: false }))),
    firstPublishedAt: Type.Optional(DateTime('when it was first published')),
    publishedAt: Type.Optional(DateTime('when its live version was published')),
    updatedAt: Type.Optional(Nullable(DateTime('when it was last updated, if ever'))),
    corrections: Type.Optional(Type.Array(Type.Object({ at: DateTime('when'), text: Type.String() }, { additionalProperties: false }))),
    body: Type.Optional(BodyApiSchema),
    bodyHtml: Type.Optional(Type.String({ description: 'the body as the article page shows it (HTML, escaped)' })),
    ninjsUrl: Type.Optional(Type.String({ format: 'uri', description: 'the article as IPTC ninjs 2.1' })),
  },
  { additionalProperties: false, title: 'ContentArticle', description: 'A published article; only the fields asked for with `fields` (id always).' },
)

const FieldsParam = Type.String({
  pattern: `^(${ARTICLE_FIELDS.join('|')}|id)(,(${ARTICLE_FIELDS.join('|')}|id))*$`,
  maxLength: 300,
  description: `Comma-separated fields to return (id always comes): ${ARTICLE_FIELDS.join(', ')}.`,
})
const KeyParam = Type.String({ maxLength: 100, description: 'the API key, when it cannot be sent as `Authorization: Bearer` or `X-Api-Key`' })
const EditionParam = Type.String({ pattern: '^[a-z0-9-]{1,20}$', description: 'an edition code (see /api/content/editions); the default edition when absent' })
const SLUG = '[\\p{L}\\p{M}\\p{N}]+(-[\\p{L}\\p{M}\\p{N}]+)*'
const SlugParam = (what: string) => Type.String({ maxLength: 200, pattern: `^${SLUG}$`, description: what })

export const ArticlesQuery = Type.Object(
  {
    edition: Type.Optional(EditionParam),
    section: Type.Optional(
      Type.String({
        maxLength: 500,
        pattern: `^${SLUG}(/${SLUG})*$`,
        description: 'a section path (world or world/europe): its articles and its subsections’',
      }),
    ),
    tag: Type.Optional(SlugParam('a tag slug')),
    author: Type.Optional(SlugParam('an author slug')),
    before: Type.Optional(Type.String({ pattern: CURSOR_PATTERN, maxLength: 40, description: 'the `next` cursor of the previous page' })),
    limit: Type.Optional(Type.String({ pattern: '^([1-9][0-9]?|100)$', description: 'articles per page, 1 to 100 (default 20)' })),
    fields: Type.Optional(FieldsParam),
    key: Type.Optional(KeyParam),
  },
  { additionalProperties: false },
)
export const ArticleQuery = Type.Object({ fields: Type.Optional(FieldsParam), key: Type.Optional(KeyParam) }, { additionalProperties: false })
export const EditionQuery = Type.Object({ edition: Type.Optional(EditionParam), key: Type.Optional(KeyParam) }, { additionalProperties: false })
export const KeyOnlyQuery = Type.Object({ key: Type.Optional(KeyParam) }, { additionalProperties: false })
export const IdParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,8}$', description: 'an article id' }) })

export const ArticleList = Type.Object(
  {
    articles: Type.Array(ContentArticle),
    next: Nullable(Type.String({ description: 'pass as `before` for the next (older) page; null on the last' })),
  },
  { additionalProperties: false, title: 'ContentArticleList' },
)
export const ArticleOne = Type.Object({ article: ContentArticle }, { additionalProperties: false, title: 'ContentArticleResponse' })
export const SectionList = Type.Object(
  {
    sections: Type.Array(
      Type.Object(
        {
          id: Type.Integer(),
          parentId: Nullable(Type.Integer()),
          slug: Type.String(),
          path: Type.String(),
          name: Type.String(),
          description: Type.String(),
          position: Type.Integer(),
          url: Type.String({ format: 'uri' }),
        },
        { additionalProperties: false, title: 'ContentSection' },
      ),
    ),
  },
  { additionalProperties: false, title: 'ContentSectionList' },
)
export const TagList = Type.Object(
  {
    tags: Type.Array(Type.Object({ slug: Type.String(), name: Type.String(), articles: Type.Integer() }, { additionalProperties: false, title: 'ContentTag' })),
  },
  { additionalProperties: false, title: 'ContentTagList' },
)
export const AuthorList = Type.Object(
  {
    authors: Type.Array(
      Type.Object(
        { id: Type.Integer(), slug: Nullable(Type.String()), name: Type.String(), bio: Type.String(), articles: Type.Integer() },
        { additionalProperties: false, title: 'ContentAuthor' },
      ),
    ),
  },
  { additionalProperties: false, title: 'ContentAuthorList' },
)
export const EditionList = Type.Object(
  {
    editions: Type.Array(
      Type.Object(
        {
          code: Type.String(),
          name: Type.String(),
          locale: Type.String(),
          language: Type.String(),
          direction: Type.Union([Type.Literal('ltr'), Type.Literal('rtl')]),
          timeZone: Type.String(),
          isDefault: Type.Boolean(),
          url: Type.String({ format: 'uri' }),
        },
        { additionalProperties: false, title: 'ContentEdition' },
      ),
    ),
  },
  { additionalProperties: false, title: 'ContentEditionList' },
)
