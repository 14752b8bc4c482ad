/** DOM helpers of the discussion widget: HTML from our own server, parsed and placed. */
import { showCount } from './count-format.ts'

/** Elements from HTML the server rendered (reader text in it is already escaped). */
export function fragment(html: string): DocumentFragment {
  const t = document.createElement('template')
  t.innerHTML = html
  return t.content
}

/** What the widget says, in the edition's language, as the server wrote it on the section (data-words). */
export interface Words {
  yourReply: string
  postReply: string
  like: string
  liked: string
  confirmDelete: string
  deleted: string
  newComment: string
  likes: Record<string, string>
  count: Record<string, string>
}

const ENGLISH_WORDS: Words = {
  yourReply: 'Your reply',
  postReply: 'Post reply',
  like: 'Like',
  liked: 'Liked',
  confirmDelete: 'Delete your comment?',
  deleted: 'Your comment is deleted.',
  newComment: 'A new comment was added.',
  likes: { one: '{n} like', other: '{n} likes' },
  count: { one: '{n} comment', other: '{n} comments' },
}

export function wordsOf(root: HTMLElement): Words {
  try {
    return { ...ENGLISH_WORDS, ...(JSON.parse(root.dataset.words ?? '{}') as Partial<Words>) }
  } catch {
    return ENGLISH_WORDS
  }
}

/** A number in words ("3 comments", "٣ تعليقات"): the plural form of the edition's language, its digits. */
export function plural(root: HTMLElement, forms: Record<string, string>, n: number): string {
  const locale = root.dataset.locale || 'en'
  const form = forms[new Intl.PluralRules(locale).select(n)] ?? forms.other ?? '{n}'
  return form.split('{n}').join(new Intl.NumberFormat(locale).format(n))
}

export function countLabel(root: HTMLElement, n: number): string {
  return plural(root, wordsOf(root).count, n)
}

/** Sets the discussion's count, and the page counter near the top (which adds comments carried over from an import). */
export function setCount(root: HTMLElement, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) return
  const own = root.querySelector<HTMLElement>('[data-comment-count]')
  const before = Number(own?.dataset.commentCount ?? '0')
  if (own) {
    own.dataset.commentCount = String(n)
    own.textContent = countLabel(root, n)
  }
  const counters = document.querySelector<HTMLElement>('[data-counters]')
  const top = counters?.querySelector<HTMLElement>('[data-count="comments"]')
  if (counters && top && own) {
    // the number shown may be in other digits (١٢): the markup keeps it in data-n
    const shown = Number(top.dataset.n ?? '0')
    const total = Math.max(0, shown - before + n)
    showCount(counters, top, counters.querySelector<HTMLElement>('[data-count-label="comments"]'), total)
  }
}

/** Says something to screen readers without moving focus. */
export function announce(root: HTMLElement, text: string): void {
  const status = root.querySelector<HTMLElement>('[data-live-status]')
  if (status) status.textContent = text
}

/** Says a failure where the reader sees it (and, through its role, to screen readers too). */
export function showError(root: HTMLElement, text: string): void {
  let box = root.querySelector<HTMLElement>('[data-discussion-error]')
  if (!box) {
    box = document.createElement('p')
    box.className = 'discussion__error'
    box.dataset.discussionError = ''
    box.setAttribute('role', 'alert')
    const header = root.querySelector('.discussion__header')
    if (header) header.after(box)
    else root.prepend(box)
  }
  box.textContent = text
  box.hidden = false
  window.clearTimeout(Number(box.dataset.timer))
  box.dataset.timer = String(window.setTimeout(() => (box.hidden = true), 12_000))
}

/** Places a visible comment (live or just posted) where the current order puts it; false if it is not shown. */
export function placeComment(root: HTMLElement, c: { id: number; parentId: number | null; html: string; own?: boolean }): boolean {
  const existing = document.getElementById(`c-${c.id}`)
  if (existing && !existing.closest('.discussion__pending')) {
    // the live copy (drawn for every reader) may have come first: the author's own copy, with
    // edit and delete and no like button, takes its place
    if (!c.own) return false
    const mine = fragment(c.html).firstElementChild
    if (mine) existing.replaceWith(mine)
    return true
  }
  existing?.remove()
  const node = fragment(c.html).firstElementChild
  if (!node) return false
  node.classList.add('comment--new')
  if (c.parentId !== null) {
    const replies = root.querySelector<HTMLElement>(`[data-replies="${c.parentId}"]`)
    if (!replies) return false
    replies.append(node)
  } else {
    const list = root.querySelector<HTMLElement>('[data-comment-list]')
    if (!list) return false
    const sort = root.dataset.sort
    if (sort === 'newest') list.prepend(node)
    else if (!root.querySelector('[data-more]')) list.append(node)
    else return false
  }
  root.querySelector('[data-empty]')?.remove()
  return true
}

/** The CSRF token this page's forms carry (only signed-in readers have forms). */
export function csrfToken(root: HTMLElement): string | undefined {
  return root.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value
}

/** POSTs a form the way the script does: JSON back, the CSRF token in a header. */
export async function postForm(
  url: string,
  body: URLSearchParams,
  csrf: string | undefined,
): Promise<{ ok: boolean; status: number; data: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', ...(csrf ? { 'x-csrf-token': csrf } : {}) },
    body,
  })
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>
  return { ok: res.ok, status: res.status, data }
}

/** The public message of an error answer. */
export function errorMessage(data: Record<string, unknown>): string {
  const e = data.error as { message?: string; fields?: { message: string }[] } | undefined
  return e?.fields?.[0]?.message ?? e?.message ?? 'Something went wrong. Please try again.'
}
