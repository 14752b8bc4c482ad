/** A search box beside the Related field: find published articles by headline and pin them as "#id" lines. */
export function startRelatedPicker(textarea: HTMLTextAreaElement): void {
  const box = document.createElement('div')
  box.className = 'nr-picker'
  const label = document.createElement('label')
  label.textContent = 'Find an article to pin '
  const input = document.createElement('input')
  input.type = 'search'
  input.maxLength = 200
  label.append(input)
  const results = document.createElement('ul')
  results.className = 'nr-picker__results'
  results.setAttribute('aria-live', 'polite')
  box.append(label, results)
  textarea.after(box)

  let timer: number | undefined
  input.addEventListener('input', () => {
    window.clearTimeout(timer)
    timer = window.setTimeout(async () => {
      const q = input.value.trim()
      results.replaceChildren()
      if (q.length < 2) return
      const res = await fetch(`/api/admin/articles?status=published&limit=8&q=${encodeURIComponent(q)}`).catch(() => undefined)
      if (!res?.ok) return
      const { articles } = (await res.json()) as { articles: { id: number; headline: string; section: string }[] }
      if (articles.length === 0) {
        const li = document.createElement('li')
        li.textContent = 'No published article matches.'
        results.append(li)
      }
      for (const a of articles) {
        const li = document.createElement('li')
        const add = document.createElement('button')
        add.type = 'button'
        add.textContent = `Pin “${a.headline}” (${a.section})`
        add.addEventListener('click', () => {
          const lines = textarea.value.split('\n').filter((l) => l.trim() !== '')
          if (!lines.includes(`#${a.id}`)) lines.push(`#${a.id}`)
          textarea.value = lines.join('\n')
          textarea.dispatchEvent(new Event('input', { bubbles: true }))
          results.replaceChildren()
          input.value = ''
        })
        li.append(add)
        results.append(li)
      }
    }, 250)
  })
}
