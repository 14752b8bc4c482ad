/** What happened in a discussion, as sent between app nodes (small: NOTIFY payloads stay under 8 kB). */
export type DiscussionEvent =
  /** A comment became visible (posted and approved at once, or approved by a moderator). */
  | { type: 'comment'; articleId: number; commentId: number; count: number }
  /** A visible comment went away (rejected, deleted, or held again after an edit). */
  | { type: 'removed'; articleId: number; commentId: number; count: number }
  /** A visible comment's text changed. */
  | { type: 'edited'; articleId: number; commentId: number }
  | { type: 'likes'; articleId: number; commentId: number; likes: number }

const TYPES = new Set(['comment', 'removed', 'edited', 'likes'])
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0

/** Parses an event received from another node; undefined for anything malformed. */
export function parseDiscussionEvent(text: string): DiscussionEvent | undefined {
  let v: Record<string, unknown>
  try {
    v = JSON.parse(text) as Record<string, unknown>
  } catch {
    return undefined
  }
  if (!v || typeof v !== 'object' || !TYPES.has(v.type as string) || !isId(v.articleId) || !isId(v.commentId)) return undefined
  if ((v.type === 'comment' || v.type === 'removed') && !(typeof v.count === 'number' && v.count >= 0)) return undefined
  if (v.type === 'likes' && !(typeof v.likes === 'number' && v.likes >= 0)) return undefined
  return v as unknown as DiscussionEvent
}
