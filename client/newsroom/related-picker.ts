import { plural, t } from './i18n.ts'
/**
 * The Related field as a list of pinned articles and a search box: type words of a headline, pick
 * a published article from the list (the WAI-ARIA combobox pattern: arrows move, Enter pins,
 * Escape closes), remove a pin with its button. The form still sends the Related textarea's lines
 * ("#id" for an article, a headline alone for an imported pin), which this keeps in step, hidden.
 */
export function startRelatedPicker(textarea: HTMLTextAreaElement, articleId: number | undefined): void {
  const field = textarea.closest('.nr-field') ?? textarea.parentElement!
  const hint = field.querySelector<HTMLElement>('.nr-hint')
  if (hint) hint.hidden = true
  textarea.hidden = true
  field.querySelector(`label[for="${textarea.id}"]`)?.setAttribute('id', 'related-label')

  const pins = document.createElement('ul')
  pins.className = 'nr-pins'
  pins.setAttribute('aria-labelledby', 'related-label')

  const box = document.createElement('div')
  box.className = 'nr-picker'
  const label = document.createElement('label')
  label.htmlFor = 'related-search'
  label.textContent = t('nr.client.relatedFind')
  const input = document.createElement('input')
  input.id = 'related-search'
  input.type = 'text'
  input.maxLength = 200
  input.autocomplete = 'off'
  input.setAttribute('role', 'combobox')
  input.setAttribute('aria-autocomplete', 'list')
  input.setAttribute('aria-expanded', 'false')
  input.setAttribute('aria-controls', 'related-options')
  const list = document.createElement('ul')
  list.id = 'related-options'
  list.className = 'nr-picker__results'
  list.setAttribute('role', 'listbox')
  list.setAttribute('aria-label', t('nr.client.relatedMatching'))
  list.hidden = true
  const status = document.createElement('p')
  status.className = 'visually-hidden'
  status.setAttribute('role', 'status')
  box.append(label, input, list, status)
  textarea.after(pins, box)

  const headlines = new Map<number, string>()
  const lines = () => textarea.value.split('\n').filter((l) => l.trim() !== '')
  const setLines = (next: string[]) => {
    textarea.value = next.join('\n')
    textarea.dispatchEvent(new Event('input', { bubbles: true }))
    renderPins()
  }

  function renderPins() {
    pins.replaceChildren()
    for (const line of lines()) {
      const id = /^#(\d+)$/.exec(line.trim())?.[1]
      const text = id ? (headlines.get(Number(id)) ?? t('nr.client.articleN', { id })) : line.trim()
      const li = document.createElement('li')
      const name = document.createElement('span')
      name.textContent = text
      const remove = document.createElement('button')
      remove.type = 'button'
      remove.className = 'nr-pins__remove'
      remove.textContent = t('nr.client.remove')
      remove.setAttribute('aria-label', t('nr.client.removeNamed', { name: text }))
      remove.addEventListener('click', () => {
        setLines(lines().filter((l) => l !== line))
        status.textContent = t('nr.client.removed', { name: text })
        input.focus()
      })
      li.append(name, ' ', remove)
      pins.append(li)
    }
    if (!pins.firstChild) {
      const li = document.createElement('li')
      li.className = 'nr-pins__none'
      li.textContent = t('nr.client.nonePinned')
      pins.append(li)
    }
  }

  // the headlines of pins given as "#id"
  const ids = lines()
    .map((l) => /^#(\d+)$/.exec(l.trim())?.[1])
    .filter((x): x is string => x !== undefined)
  renderPins()
  void Promise.all(
    ids.map(async (id) => {
      const res = await fetch(`/api/admin/articles/${id}`).catch(() => undefined)
      if (res?.ok) headlines.set(Number(id), ((await res.json()) as { headline: string }).headline)
    }),
  ).then(renderPins)

  let options: { id: number; headline: string; section: string }[] = []
  let active = -1
  const close = () => {
    list.hidden = true
    input.setAttribute('aria-expanded', 'false')
    input.removeAttribute('aria-activedescendant')
    active = -1
  }
  const highlight = (i: number) => {
    active = i
    for (const [j, li] of [...list.children].entries()) li.setAttribute('aria-selected', String(j === i))
    if (i >= 0) {
      input.setAttribute('aria-activedescendant', `related-option-${i}`)
      list.children[i]?.scrollIntoView({ block: 'nearest' })
    } else input.removeAttribute('aria-activedescendant')
  }
  const pin = (i: number) => {
    const a = options[i]
    if (!a) return
    headlines.set(a.id, a.headline)
    if (!lines().includes(`#${a.id}`)) setLines([...lines(), `#${a.id}`])
    status.textContent = t('nr.client.pinned', { name: a.headline })
    input.value = ''
    close()
  }
  const show = (found: typeof options) => {
    const pinned = new Set(lines())
    options = found.filter((a) => a.id !== articleId && !pinned.has(`#${a.id}`))
    list.replaceChildren(
      ...options.map((a, i) => {
        const li = document.createElement('li')
        li.id = `related-option-${i}`
        li.setAttribute('role', 'option')
        li.setAttribute('aria-selected', 'false')
        li.textContent = `${a.headline} (${a.section})`
        // mousedown, not click: the input keeps focus
        li.addEventListener('mousedown', (e) => {
          e.preventDefault()
          pin(i)
        })
        return li
      }),
    )
    list.hidden = options.length === 0
    input.setAttribute('aria-expanded', String(options.length > 0))
    active = -1
    status.textContent = options.length === 0 ? t('nr.client.relatedNone') : plural('nr.client.relatedMatches', options.length)
  }

  let timer: number | undefined
  let asked = 0
  input.addEventListener('input', () => {
    window.clearTimeout(timer)
    const q = input.value.trim()
    if (q.length < 2) {
      close()
      return
    }
    timer = window.setTimeout(async () => {
      const mine = ++asked
      const res = await fetch(`/api/admin/articles?status=published&limit=8&q=${encodeURIComponent(q)}`).catch(() => undefined)
      if (!res?.ok || mine !== asked) return
      show(((await res.json()) as { articles: typeof options }).articles)
    }, 200)
  })
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (options.length === 0) return
      e.preventDefault()
      if (list.hidden) {
        list.hidden = false
        input.setAttribute('aria-expanded', 'true')
      }
      const step = e.key === 'ArrowDown' ? 1 : -1
      highlight((active + step + options.length) % options.length)
    } else if (e.key === 'Enter') {
      // Enter never submits the article form from here
      e.preventDefault()
      if (active >= 0 && !list.hidden) pin(active)
    } else if (e.key === 'Escape') {
      if (!list.hidden) {
        e.preventDefault()
        close()
      } else input.value = ''
    }
  })
  input.addEventListener('blur', close)
}
