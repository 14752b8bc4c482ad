import { createAccountStore } from '../accounts/account-store.ts'
import { createPeopleStore } from '../content/people-store.ts'
import type { Queryable } from '../db/types.ts'
import type { FieldProblem } from '../errors.ts'
import { POLICY_ROLES } from '../http/permissions.ts'

/**
 * Who may be credited on an article: people linked to an enabled staff account with a writing role
 * (reporter, editor, admin: the roles that may write articles), and byline-only people (no staff
 * account) who already have articles, such as agency writers from imports. Moderators, readers and
 * disabled accounts are not offered. People already credited on the article stay, so a save never
 * fails over an author who has since changed role.
 */
export async function findWriters(db: Queryable, keep: readonly number[] = []): Promise<{ id: number; name: string; slug: string | null }[]> {
  const people = createPeopleStore(db)
  const ids = await writerIds(db, keep)
  return (await people.findPeopleByIds([...ids])).map((p) => ({ id: p.id, name: p.displayName, slug: p.slug }))
}

async function writerIds(db: Queryable, keep: readonly number[]): Promise<Set<number>> {
  const accounts = createAccountStore(db)
  const [writing, staff, authors] = await Promise.all([
    accounts.findStaffPersonIds(POLICY_ROLES.reporter),
    accounts.findStaffPersonIds(),
    createPeopleStore(db).findAuthorIds(),
  ])
  const withAccount = new Set(staff)
  return new Set([...writing, ...authors.filter((id) => !withAccount.has(id)), ...keep])
}

/** The authors field's problems: someone who does not exist, or does not write (see findWriters). */
export async function authorProblems(db: Queryable, authorIds: readonly number[], articleId?: number): Promise<FieldProblem[]> {
  if (authorIds.length === 0) return []
  const people = createPeopleStore(db)
  const found = await people.findPeopleByIds(authorIds)
  if (found.length !== new Set(authorIds).size) return [{ field: 'authorIds', message: 'One of the authors does not exist.' }]
  const allowed = await writerIds(db, articleId === undefined ? [] : await people.findArticleAuthorIds(articleId))
  const not = found.filter((p) => !allowed.has(p.id))
  return not.length
    ? [{ field: 'authorIds', message: `${not.map((p) => p.displayName).join(', ')} cannot be credited: only people who write for the newsroom can.` }]
    : []
}
