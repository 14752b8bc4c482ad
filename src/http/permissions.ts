import type { Policy } from './policy.ts'

/** A newsroom role. */
export type StaffRole = 'admin' | 'editor' | 'reporter' | 'moderator'
export const STAFF_ROLES: readonly StaffRole[] = ['admin', 'editor', 'reporter', 'moderator']

/** The form field that carries the CSRF token (the header is x-csrf-token). */
export const CSRF_FIELD = '_csrf'

/** Who is making a request: a signed-in account. */
export interface Principal {
  id: number
  kind: 'staff' | 'reader'
  role: StaffRole | null
  email: string
  displayName: string
  personId: number | null
  /** The language this person reads the newsroom in ("ru"); absent or null is English. */
  language?: string | null
}

/**
 * The permission table: which staff roles each policy admits. 'public' admits everyone,
 * 'reader' any signed-in account (readers and staff alike).
 */
export const POLICY_ROLES: Record<Exclude<Policy, 'public' | 'reader'>, readonly StaffRole[]> = {
  staff: ['admin', 'editor', 'reporter', 'moderator'],
  reporter: ['admin', 'editor', 'reporter'],
  editor: ['admin', 'editor'],
  moderator: ['admin', 'moderator'],
  admin: ['admin'],
}

/** True when the principal may call a route with this policy. */
export function allows(policy: Policy, who: Principal | null): boolean {
  if (policy === 'public') return true
  if (!who) return false
  if (policy === 'reader') return true
  return who.kind === 'staff' && who.role !== null && POLICY_ROLES[policy].includes(who.role)
}

/** Editors and admins may edit anyone's copy and publish; reporters only their own drafts. */
export function isEditor(who: Principal | null): boolean {
  return allows('editor', who)
}
