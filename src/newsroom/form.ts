import type { ArticleInput } from './article-input.ts'
import type { EditableArticle } from './article-service.ts'
import type { EditorValues } from './templates/articles.ts'

export type FormBody = Record<string, string | string[] | undefined>

const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''))
const many = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v ? [v] : [])

/** The editor form's fields as the values shown back in the form. */
export function formValues(b: FormBody, id?: number): EditorValues {
  let body: unknown
  try {
    body = JSON.parse(one(b.body) || '[]')
  } catch {
    body = one(b.body)
  }
  const sectionId = Number(one(b.sectionId))
  const version = Number(one(b.version))
  return {
    ...(id !== undefined ? { id } : {}),
    ...(Number.isInteger(version) && version > 0 ? { version } : {}),
    headline: one(b.headline),
    slug: one(b.slug),
    sectionId: Number.isInteger(sectionId) && sectionId > 0 ? sectionId : undefined,
    lead: one(b.lead),
    datelinePlace: one(b['dateline.place']),
    datelineDateText: one(b['dateline.dateText']),
    datelineAgency: one(b['dateline.agency']),
    tags: one(b.tags),
    authorIds: many(b.authorIds)
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0),
    related: one(b.related),
    body,
  }
}

/** Form values → the admin API's article input ("#12" lines pin article 12, other lines are headlines). */
export function formToInput(v: EditorValues): ArticleInput {
  const place = v.datelinePlace.trim()
  const related = v.related
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => {
      const m = /^#(\d{1,9})$/.exec(l)
      return m ? { articleId: Number(m[1]) } : { headline: l }
    })
  return {
    headline: v.headline,
    lead: v.lead,
    ...(v.slug.trim() ? { slug: v.slug } : {}),
    sectionId: v.sectionId ?? 0,
    dateline: place || v.datelineDateText.trim() || v.datelineAgency.trim() ? { place, dateText: v.datelineDateText, agency: v.datelineAgency } : null,
    body: v.body,
    tags: v.tags
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    authorIds: v.authorIds,
    related,
    ...(v.version !== undefined ? { version: v.version } : {}),
  }
}

/** A stored article as the editor form's values. */
export function articleValues(a: EditableArticle): EditorValues {
  return {
    id: a.id,
    version: a.version,
    headline: a.headline,
    slug: a.slug,
    sectionId: a.sectionId,
    lead: a.lead,
    datelinePlace: a.dateline?.place ?? '',
    datelineDateText: a.dateline?.dateText ?? '',
    datelineAgency: a.dateline?.agency ?? '',
    tags: a.tags.join(', '),
    authorIds: a.authorIds,
    related: a.related.map((r) => (r.articleId !== undefined ? `#${r.articleId}` : r.headline)).join('\n'),
    body: a.body,
  }
}
