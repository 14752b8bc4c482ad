import { Type, type Static } from 'typebox'
import { BODY_EXAMPLE, BodyApiSchema } from '../content/block-schemas.ts'
import { validateBody, type Body } from '../content/blocks.ts'
import { isSlug } from '../content/slug.ts'
import type { Dateline } from '../content/types.ts'
import type { FieldProblem } from '../errors.ts'

/**
 * What an editor sends to create or change an article (the editor's form and the admin API alike).
 * The route schema checks the shape; `checkArticleInput` checks every field's content and says
 * what is wrong next to the field.
 */
export const ArticleInputSchema = Type.Object(
  {
    headline: Type.String({ maxLength: 1000 }),
    lead: Type.Optional(Type.String({ maxLength: 10000 })),
    slug: Type.Optional(Type.String({ maxLength: 500 })),
    sectionId: Type.Integer({ minimum: 0, maximum: 2147483647 }),
    dateline: Type.Optional(
      Type.Union([
        Type.Object(
          {
            place: Type.String({ maxLength: 500 }),
            dateText: Type.Optional(Type.String({ maxLength: 500 })),
            agency: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        Type.Null(),
      ]),
    ),
    // the admin API checks it with bodyProblems (blocks.ts) before this schema: messages block by block, as the form shows
    body: Type.Optional(Type.Union([BodyApiSchema, Type.Null()])),
    tags: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 100 })),
    authorIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 2147483647 }), { maxItems: 50 })),
    related: Type.Optional(
      Type.Array(
        Type.Object(
          { articleId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })), headline: Type.Optional(Type.String({ maxLength: 1000 })) },
          { additionalProperties: false },
        ),
        { maxItems: 50 },
      ),
    ),
    /** The version the editor started from; a stale one is refused (409) instead of overwriting. */
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  {
    additionalProperties: false,
    title: 'ArticleInput',
    description: "An article's fields. On update (PUT), a field left out keeps its stored value; send '', null or [] to clear one.",
    examples: [
      {
        headline: 'Harbour reopens after the storm',
        lead: 'Ferries are running again three days after the storm closed the port.',
        sectionId: 1,
        dateline: { place: 'LISBON', dateText: 'December 3', agency: 'Dateline' },
        tags: ['Weather', 'Transport'],
        body: BODY_EXAMPLE,
      },
    ],
  },
)

/** What the services take: the editor form's body is not checked by the schema, so `body` is unknown until checkArticleInput. */
export type ArticleInput = Omit<Static<typeof ArticleInputSchema>, 'body'> & { body?: unknown }

export interface CheckedArticle {
  headline: string
  lead: string
  slug: string | undefined
  sectionId: number
  dateline: Dateline | null
  body: Body
  tags: string[]
  authorIds: number[]
  related: { articleId?: number; headline?: string }[]
}

const MONTH =
  '(January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?)'
const DATE_TEXT = new RegExp(`^(${MONTH} ([1-9]|[12]\\d|3[01])(, \\d{4})?|([1-9]|[12]\\d|3[01]) ${MONTH}( \\d{4})?)$`)
const PLACE = /^[\p{L}][\p{L}\p{M} .,'’-]{0,79}$/u

// runs of spaces, tabs and line breaks become one space; no-break spaces are the writer's and stay
const clean = (s: string | undefined) => (s ?? '').replace(/[^\S\u00a0\u2007\u202f]+/g, ' ').trim()
// a dateline's parts are matched as words: every space is a space there
const cleanAll = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim()

/** Checks every field; returns the cleaned article or the problems, each naming its field. */
export function checkArticleInput(input: ArticleInput): { ok: true; value: CheckedArticle } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = []
  const headline = clean(input.headline)
  if (headline === '') problems.push({ field: 'headline', message: 'Write a headline.' })
  else if (headline.length > 200) problems.push({ field: 'headline', message: `The headline is ${headline.length} characters; the most is 200.` })

  if (!Number.isInteger(input.sectionId) || input.sectionId < 1) problems.push({ field: 'sectionId', message: 'Choose a section.' })

  const lead = clean(input.lead)
  if (lead.length > 2000) problems.push({ field: 'lead', message: `The lead is ${lead.length} characters; the most is 2000.` })

  let slug: string | undefined
  if (input.slug !== undefined && input.slug.trim() !== '') {
    slug = input.slug.trim()
    if (!isSlug(slug))
      problems.push({
        field: 'slug',
        message: 'The slug may use only lowercase letters, digits and single hyphens (like "un-council-debate"), up to 120 characters.',
      })
  }

  let dateline: Dateline | null = null
  if (input.dateline) {
    const place = cleanAll(input.dateline.place).toUpperCase()
    const dateText = cleanAll(input.dateline.dateText)
    const agency = cleanAll(input.dateline.agency)
    if (place === '' && (dateText || agency)) problems.push({ field: 'dateline.place', message: 'A dateline needs a place, like MOSCOW.' })
    else if (place !== '' && !PLACE.test(place))
      problems.push({ field: 'dateline.place', message: 'The dateline place must be a place name in letters, like MOSCOW or NEW YORK (up to 80 characters).' })
    if (dateText && !DATE_TEXT.test(dateText))
      problems.push({ field: 'dateline.dateText', message: 'The dateline date must look like "December 24" (optionally with a year, "December 24, 2014").' })
    if (agency.length > 80) problems.push({ field: 'dateline.agency', message: 'The agency name may be at most 80 characters.' })
    if (place) dateline = { place, dateText: dateText || null, agency: agency || null }
  }

  const body = (input.body ?? []) as Body
  problems.push(...bodyProblems(body))

  const tags = [...new Set((input.tags ?? []).map(cleanAll).filter((t) => t !== ''))]
  if (tags.length > 20) problems.push({ field: 'tags', message: 'An article may have at most 20 tags.' })
  const longTag = tags.find((t) => t.length > 80)
  if (longTag) problems.push({ field: 'tags', message: `The tag "${longTag.slice(0, 30)}…" is longer than 80 characters.` })

  const authorIds = [...new Set(input.authorIds ?? [])]
  if (authorIds.length > 10) problems.push({ field: 'authorIds', message: 'An article may have at most 10 authors.' })

  const related: CheckedArticle['related'] = []
  for (const r of input.related ?? []) {
    const h = clean(r.headline)
    if (r.articleId === undefined && h === '') continue
    if (h.length > 200) problems.push({ field: 'related', message: 'A related headline may be at most 200 characters.' })
    related.push(r.articleId !== undefined ? { articleId: r.articleId } : { headline: h })
  }
  if (related.length > 10) problems.push({ field: 'related', message: 'An article may have at most 10 related pins.' })

  if (problems.length) return { ok: false, problems }
  return { ok: true, value: { headline, lead, slug, sectionId: input.sectionId, dateline, body, tags, authorIds, related } }
}

/** What is wrong with an article's body (blocks.ts's validateBody), as problems of the field `body`. */
export function bodyProblems(body: unknown): FieldProblem[] {
  return validateBody(body).map((p) => ({ field: 'body', message: `Body: ${p.message}` }))
}
