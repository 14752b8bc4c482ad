import type { Body } from '../content/blocks.ts'
import { copyText, diffCopy, diffParagraphs, type DiffPart, type FieldDiff as CopyFieldDiff } from '../content/copy-text.ts'
import type { Dateline } from '../content/types.ts'
import type { Queryable } from '../db/types.ts'
import type { RevisionKind } from './tables.ts'

/** Everything an editor can change, as one revision keeps it. */
export interface Snapshot {
  headline: string
  lead: string
  slug: string
  sectionId: number
  dateline: Dateline | null
  body: Body
  tags: string[]
  authorIds: number[]
  related: { articleId?: number; headline?: string }[]
}

export interface Revision {
  id: number
  number: number
  createdAt: Date
  authorId: number | null
  authorName: string | null
  kind: RevisionKind
  snapshot: Snapshot
}

// Autosaves by the same person within this span update one revision instead of adding many.
const AUTOSAVE_COALESCE_MS = 10 * 60_000

/**
 * Keeps a revision of an article. Consecutive autosaves by one person to the same copy are folded
 * into one; a publication, an update or a discard leaves its own revision, so autosaves never fold
 * across them.
 */
export async function saveRevision(
  db: Queryable,
  articleId: number,
  snapshot: Snapshot,
  options: { authorId: number | null; kind: RevisionKind; now: Date; copy?: 'article' | 'working' },
): Promise<number> {
  const copy = options.copy ?? 'article'
  const last = await db
    .selectFrom('article_revisions')
    .select(['id', 'number', 'kind', 'author_id', 'created_at', 'copy'])
    .where('article_id', '=', articleId)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (
    options.kind === 'autosave' &&
    last?.kind === 'autosave' &&
    last.copy === copy &&
    last.author_id === options.authorId &&
    options.now.getTime() - last.created_at.getTime() < AUTOSAVE_COALESCE_MS
  ) {
    await db
      .updateTable('article_revisions')
      .set({ snapshot: JSON.stringify(snapshot), created_at: options.now })
      .where('id', '=', last.id)
      .execute()
    return last.number
  }
  const number = (last?.number ?? 0) + 1
  await db
    .insertInto('article_revisions')
    .values({
      article_id: articleId,
      number,
      author_id: options.authorId,
      kind: options.kind,
      copy,
      snapshot: JSON.stringify(snapshot),
      created_at: options.now,
    })
    .execute()
  return number
}

export async function listRevisions(db: Queryable, articleId: number): Promise<Revision[]> {
  const rows = await db
    .selectFrom('article_revisions')
    .leftJoin('accounts', 'accounts.id', 'article_revisions.author_id')
    .select([
      'article_revisions.id',
      'article_revisions.number',
      'article_revisions.created_at',
      'article_revisions.author_id',
      'article_revisions.kind',
      'article_revisions.snapshot',
      'accounts.display_name',
    ])
    .where('article_id', '=', articleId)
    .orderBy('number', 'desc')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    createdAt: r.created_at,
    authorId: r.author_id,
    authorName: r.display_name,
    kind: r.kind,
    snapshot: r.snapshot as Snapshot,
  }))
}

export type { DiffPart }

/** One field of two revisions compared: word by word (`parts`) and paragraph by paragraph. */
export interface FieldDiff extends CopyFieldDiff {
  parts: DiffPart[]
}

const FIELDS: { field: keyof Snapshot; label: string; text: (s: Snapshot) => string }[] = [
  { field: 'headline', label: 'Headline', text: (s) => s.headline },
  { field: 'lead', label: 'Lead', text: (s) => s.lead },
  {
    field: 'dateline',
    label: 'Dateline',
    text: (s) => (s.dateline ? [s.dateline.place, s.dateline.dateText, s.dateline.agency].filter(Boolean).join(' · ') : ''),
  },
  // paragraph breaks, formatting, links and who is quoted show in the diff (copy-text.ts)
  { field: 'body', label: 'Body', text: (s) => copyText(s.body) },
  { field: 'slug', label: 'Slug', text: (s) => s.slug },
  { field: 'sectionId', label: 'Section', text: (s) => String(s.sectionId) },
  { field: 'tags', label: 'Tags', text: (s) => s.tags.join(', ') },
  { field: 'authorIds', label: 'Authors', text: (s) => s.authorIds.join(', ') },
  { field: 'related', label: 'Related', text: (s) => s.related.map((r) => r.headline ?? `#${r.articleId}`).join('; ') },
]

/** A word-level comparison of two snapshots, field by field. */
export function compareSnapshots(
  from: Snapshot,
  to: Snapshot,
  labels: { section?: (id: number) => string; person?: (id: number) => string } = {},
): FieldDiff[] {
  return FIELDS.map(({ field, label, text }) => {
    let a = text(from)
    let b = text(to)
    if (field === 'sectionId' && labels.section) {
      a = labels.section(from.sectionId)
      b = labels.section(to.sectionId)
    }
    if (field === 'authorIds' && labels.person) {
      a = from.authorIds.map(labels.person).join(', ')
      b = to.authorIds.map(labels.person).join(', ')
    }
    const parts = diffCopy(a, b)
    return { field, label, changed: a !== b, parts, paragraphs: diffParagraphs(parts) }
  })
}
