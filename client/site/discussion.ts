/**
 * The discussion widget: live updates over server-sent events (new comments, removals, edits,
 * likes, the count), and posting, replying, liking, deleting, sorting and paging without a
 * reload. Everything it does also works without it, through plain forms and links.
 */
import { onPageLoad } from './page.ts'
import { announce, csrfToken, errorMessage, fragment, placeComment, plural, postForm, setCount, showError, wordsOf } from './discussion-dom.ts'

let source: EventSource | undefined

function live(root: HTMLElement, articleId: string): void {
  source = new EventSource(`/discussion/${articleId}/events`)
  const on = (name: string, handle: (data: Record<string, unknown>) => void) =>
    source!.addEventListener(name, (e) => {
      try {
        handle(JSON.parse((e as MessageEvent<string>).data) as Record<string, unknown>)
      } catch {
        /* a malformed event is ignored */
      }
    })
  on('count', (d) => setCount(root, Number(d.count)))
  on('comment', (d) => {
    setCount(root, Number(d.count))
    if (placeComment(root, { id: Number(d.id), parentId: d.parentId === null ? null : Number(d.parentId), html: String(d.html) }))
      announce(root, wordsOf(root).newComment)
  })
  on('removed', (d) => {
    setCount(root, Number(d.count))
    document.getElementById(`c-${Number(d.id)}`)?.remove()
  })
  on('edited', (d) => {
    const el = document.getElementById(`c-${Number(d.id)}`)
    const fresh = fragment(String(d.html)).firstElementChild
    const body = el?.querySelector('.comment__body')
    const newBody = fresh?.querySelector('.comment__body')
    if (body && newBody) body.replaceWith(newBody)
  })
  on('likes', (d) => {
    const el = root.querySelector<HTMLElement>(`[data-likes="${Number(d.id)}"]`)
    const n = Number(d.likes)
    if (el && Number.isSafeInteger(n)) el.textContent = plural(root, wordsOf(root).likes, n)
  })
}

async function submitComment(root: HTMLElement, form: HTMLFormElement): Promise<void> {
  const error = form.querySelector<HTMLElement>('[data-form-error]')
  const textarea = form.querySelector<HTMLTextAreaElement>('textarea')
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]')
  if (button) button.disabled = true
  try {
    const r = await postForm(form.action, new URLSearchParams(new FormData(form) as unknown as Record<string, string>), csrfToken(root))
    if (!r.ok) {
      if (error) {
        error.textContent = errorMessage(r.data)
        error.hidden = false
      }
      textarea?.setAttribute('aria-invalid', 'true')
      textarea?.focus()
      return
    }
    const d = r.data
    if (error) error.hidden = true
    textarea?.removeAttribute('aria-invalid')
    if (textarea) textarea.value = ''
    if (d.status === 'approved') {
      setCount(root, Number(d.count))
      placeComment(root, { id: Number(d.id), parentId: d.parentId === null ? null : Number(d.parentId), html: String(d.html), own: true })
    } else {
      let pending = root.querySelector<HTMLElement>('.discussion__pending ol')
      if (!pending) {
        const box = fragment(
          '<div class="discussion__pending"><h3 class="discussion__subhead">Your comments awaiting moderation</h3><ol class="comments"></ol></div>',
        ).firstElementChild!
        root.querySelector('#comment-form')?.after(box)
        pending = box.querySelector('ol')!
      }
      pending.prepend(fragment(String(d.html)))
    }
    announce(root, String(d.message ?? ''))
    if (form.dataset.parent) form.remove()
  } catch {
    form.submit() // the network failed: let the browser post it the plain way
  } finally {
    if (button) button.disabled = false
  }
}

function openReply(root: HTMLElement, parentId: string): boolean {
  const main = root.querySelector<HTMLFormElement>('#comment-form')
  const parent = document.getElementById(`c-${parentId}`)
  if (!main || !parent) return false
  const existing = document.getElementById(`reply-${parentId}`)
  if (existing) {
    existing.querySelector('textarea')?.focus()
    return true
  }
  const form = main.cloneNode(true) as HTMLFormElement
  form.id = `reply-${parentId}`
  form.dataset.parent = parentId
  for (const el of form.querySelectorAll<HTMLElement>('[id]')) el.id = el.id.replace('comment-form', `reply-${parentId}`)
  form.querySelector('label')!.htmlFor = `reply-${parentId}-body`
  form.querySelector('label')!.textContent = wordsOf(root).yourReply
  const textarea = form.querySelector('textarea')!
  textarea.value = ''
  textarea.setAttribute('aria-describedby', `reply-${parentId}-hint reply-${parentId}-error`)
  form.querySelector<HTMLElement>('[data-form-error]')!.hidden = true
  form.querySelector('button[type=submit]')!.textContent = wordsOf(root).postReply
  const hidden = document.createElement('input')
  hidden.type = 'hidden'
  hidden.name = 'parentId'
  hidden.value = parentId
  form.prepend(hidden)
  parent.querySelector(':scope > .comment__replies')?.after(form)
  textarea.focus()
  return true
}

async function loadList(root: HTMLElement, url: string, mode: 'append' | 'replace'): Promise<void> {
  const res = await fetch(url, { credentials: 'same-origin' })
  if (!res.ok) throw new Error(String(res.status))
  const frag = fragment(await res.text())
  const list = root.querySelector<HTMLElement>('[data-comment-list]')!
  const items = [...frag.querySelectorAll<HTMLElement>('[data-comment-list] > li')]
  if (mode === 'replace') list.replaceChildren(...items)
  else for (const li of items) if (!document.getElementById(li.id)) list.append(li)
  const more = frag.querySelector('.discussion__more')
  root.querySelector('.discussion__more')?.remove()
  if (more) list.after(more)
}

async function like(root: HTMLElement, form: HTMLFormElement): Promise<void> {
  const r = await postForm(form.action, new URLSearchParams(), csrfToken(root))
  const id = form.dataset.likeForm!
  if (!r.ok) return showError(root, errorMessage(r.data))
  const liked = r.data.liked === true
  const n = Number(r.data.likes)
  const count = root.querySelector<HTMLElement>(`[data-likes="${id}"]`)
  if (count) count.textContent = plural(root, wordsOf(root).likes, n)
  form.action = `/discussion/comments/${id}/${liked ? 'unlike' : 'like'}`
  const button = form.querySelector('button')!
  button.textContent = liked ? wordsOf(root).liked : wordsOf(root).like
  button.setAttribute('aria-pressed', String(liked))
}

function setup(): void {
  source?.close()
  source = undefined
  const root = document.querySelector<HTMLElement>('[data-discussion]')
  const articleId = root?.dataset.discussion
  if (!root || !articleId || !/^\d+$/.test(articleId)) return
  if (typeof EventSource === 'function') live(root, articleId)
  const signedIn = root.hasAttribute('data-signed-in')

  root.addEventListener('submit', (e) => {
    const form = e.target as HTMLFormElement
    if (form.matches('[data-comment-form]')) {
      e.preventDefault()
      void submitComment(root, form)
    } else if (form.matches('[data-like-form]')) {
      e.preventDefault()
      void like(root, form).catch(() => form.submit())
    } else if (form.matches('[data-delete-form]')) {
      e.preventDefault()
      if (!window.confirm(wordsOf(root).confirmDelete)) return
      void postForm(form.action, new URLSearchParams(), csrfToken(root)).then((r) => {
        if (!r.ok) return showError(root, errorMessage(r.data))
        const li = document.getElementById(`c-${form.dataset.deleteForm}`)
        // with replies, the comment keeps its place in the thread
        if (li?.querySelector('.comment__replies > li')) {
          for (const el of li.querySelectorAll(':scope > .comment__meta, :scope > .comment__body, :scope > .comment__actions')) el.remove()
          li.prepend(fragment('<p class="comment__removed">This comment was deleted by its author.</p>'))
        } else li?.remove()
        announce(root, wordsOf(root).deleted)
      })
    }
  })

  root.addEventListener('click', (e) => {
    const a = (e.target as HTMLElement).closest<HTMLAnchorElement>('a')
    if (!a) return
    if (a.dataset.reply && signedIn && openReply(root, a.dataset.reply)) e.preventDefault()
    else if (a.dataset.like && signedIn) {
      e.preventDefault()
      const form = document.createElement('form')
      form.action = `/discussion/comments/${a.dataset.like}/like`
      form.dataset.likeForm = a.dataset.like
      form.innerHTML = '<button type="submit" class="comment__action" aria-pressed="false">Like</button>'
      a.replaceWith(form)
      void like(root, form)
    } else if (a.dataset.more) {
      e.preventDefault()
      void loadList(root, a.dataset.more, 'append').catch(() => (location.href = a.href))
    } else if (a.dataset.sortLink) {
      e.preventDefault()
      const sort = a.dataset.sortLink
      void loadList(root, `/discussion/${articleId}/comments?sort=${sort}`, 'replace').then(
        () => {
          root.dataset.sort = sort
          for (const l of root.querySelectorAll<HTMLElement>('[data-sort-link]')) l.toggleAttribute('aria-current', l === a)
          a.setAttribute('aria-current', 'true')
        },
        () => (location.href = a.href),
      )
    }
  })
}

onPageLoad(setup)
