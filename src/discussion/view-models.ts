import type { SafeHtml } from '../web/html.ts'
import { ENGLISH, type Translator } from '../web/i18n.ts'
import { timeView, type TimeView } from '../web/view-models.ts'
import { renderCommentText } from './comment-text.ts'
import type { CommentRecord, CommentSort } from './comment-store.ts'

/** Who is looking at a discussion: nobody signed in, or a reader with their form token. */
export type Viewer = null | { id: number; name: string; csrf: string }

/** A comment as a template shows it. */
export interface CommentView {
  id: number
  articleId: number
  parentId: number | null
  authorName: string
  html: SafeHtml
  time: TimeView
  edited: boolean
  likes: number
  /** removed: rejected by a moderator; held: shown only as a thread's placeholder while pending. */
  status: 'approved' | 'pending' | 'deleted' | 'removed'
  replies: CommentView[]
  /** Approved replies not shown inline. */
  moreReplies: number
  mine: boolean
  liked: boolean
  editable: boolean
  /** The article's edition's words, dates and digits. */
  tr: Translator
}

export interface DiscussionView {
  articleId: number
  articlePath: string
  headline: string
  count: number
  closed: boolean
  sort: CommentSort
  comments: CommentView[]
  /** Where the next page of comments is (keyset). */
  nextHref: string | undefined
  viewer: Viewer
  /** The viewer's own comments waiting for a moderator. */
  ownPending: CommentView[]
  maxLength: number
  maxLinks: number
  /** Show the reply form under this comment (no-JavaScript replies). */
  replyTo?: number | undefined
  /** Why the viewer may not post (a ban or a suspension), said where the form would be. */
  sanction?: { banned: boolean; until: Date | null; reason: string } | undefined
  /** What the form shows back after a refused post. */
  form?: { body: string; parentId?: number | undefined; error: string } | undefined
  flash?: { kind: 'ok' | 'error'; text: string } | undefined
  /** The article's edition: its words, dates and digits, and its URL prefix (its community standards). */
  tr: Translator
  prefix: string
}

export const SORT_KEYS = { newest: 'discussion.sort.newest', oldest: 'discussion.sort.oldest', liked: 'discussion.sort.liked' } as const satisfies Record<
  CommentSort,
  string
>

/** "3 comments", "1 comment", "٣ تعليقات": in the edition's words and digits. */
export function commentCountLabel(n: number, tr: Translator = ENGLISH): string {
  return tr.t('discussion.count', { n })
}

/** A stored comment as shown to a viewer; one no longer visible keeps only its place in the thread. */
export function toCommentView(
  c: CommentRecord,
  o: { viewer: Viewer; liked?: ReadonlySet<number>; now: Date; editWindowMinutes: number; replies?: CommentView[]; tr?: Translator | undefined },
): CommentView {
  const mine = o.viewer !== null && o.viewer.id === c.authorId
  const status = c.status === 'rejected' ? 'removed' : c.status
  // Only approved text is public; the author also sees their own pending comment.
  const deleted = !(c.status === 'approved' || (c.status === 'pending' && mine))
  const shownReplies = o.replies ?? []
  return {
    id: c.id,
    articleId: c.articleId,
    parentId: c.parentId,
    authorName: deleted ? '' : c.authorName,
    html: renderCommentText(deleted ? '' : c.body),
    time: timeView(c.createdAt, o.tr),
    tr: o.tr ?? ENGLISH,
    edited: c.editedAt !== null,
    likes: c.likeCount,
    status: deleted && status === 'pending' ? 'removed' : status,
    replies: shownReplies,
    moreReplies: Math.max(0, c.replyCount - shownReplies.length),
    mine,
    liked: o.liked?.has(c.id) ?? false,
    editable: mine && !deleted && o.now.getTime() - c.createdAt.getTime() <= o.editWindowMinutes * 60_000,
  }
}
