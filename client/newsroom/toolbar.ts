import type { Editor } from '@tiptap/core'

interface Tool {
  label: string
  key?: string
  run: () => void
  active?: () => boolean
}

const SAFE = /^(https?:\/\/|mailto:|\/(?!\/)|#)/i

/** A small form under the toolbar for a URL or a quote's speaker and source (no window.prompt). */
function popover(toolbar: HTMLElement) {
  // A div, not a form: it sits inside the article form, and forms cannot nest.
  const box = document.createElement('div')
  box.className = 'nr-popover'
  box.setAttribute('role', 'group')
  box.hidden = true
  // inside the toolbar (which is not in the document yet when this runs)
  toolbar.append(box)
  return (fields: { name: string; label: string; value: string }[], onApply: (values: Record<string, string>) => string | undefined, onRemove?: () => void) => {
    box.replaceChildren()
    const inputs: HTMLInputElement[] = []
    for (const f of fields) {
      const label = document.createElement('label')
      label.textContent = `${f.label} `
      const input = document.createElement('input')
      input.name = f.name
      input.value = f.value
      label.append(input)
      box.append(label)
      inputs.push(input)
    }
    const error = document.createElement('span')
    error.className = 'nr-error'
    error.setAttribute('role', 'alert')
    const apply = document.createElement('button')
    apply.type = 'button'
    apply.textContent = 'Apply'
    box.append(apply)
    if (onRemove) {
      const remove = document.createElement('button')
      remove.type = 'button'
      remove.textContent = 'Remove'
      remove.addEventListener('click', () => {
        onRemove()
        box.hidden = true
      })
      box.append(remove)
    }
    const cancel = document.createElement('button')
    cancel.type = 'button'
    cancel.textContent = 'Cancel'
    cancel.addEventListener('click', () => (box.hidden = true))
    box.append(cancel, error)
    const submit = () => {
      const problem = onApply(Object.fromEntries(inputs.map((i) => [i.name, i.value.trim()])))
      if (problem) error.textContent = problem
      else box.hidden = true
    }
    apply.addEventListener('click', submit)
    box.onkeydown = (e) => {
      if (e.key === 'Enter') {
        e.preventDefault()
        submit()
      } else if (e.key === 'Escape') box.hidden = true
    }
    box.hidden = false
    inputs[0]?.focus()
  }
}

/** The editor's toolbar: bold, italic, link, subheading, pull quote, inline quote, lists, image, undo. */
export function buildToolbar(editor: Editor): HTMLElement {
  const bar = document.createElement('div')
  bar.className = 'nr-toolbar'
  bar.setAttribute('role', 'toolbar')
  bar.setAttribute('aria-label', 'Formatting')
  const ask = popover(bar)
  const chain = () => editor.chain().focus()

  const tools: Tool[] = [
    { label: 'Bold', key: 'Ctrl+B', run: () => chain().toggleBold().run(), active: () => editor.isActive('bold') },
    { label: 'Italic', key: 'Ctrl+I', run: () => chain().toggleItalic().run(), active: () => editor.isActive('italic') },
    {
      label: 'Link',
      run: () =>
        ask(
          [{ name: 'href', label: 'Link URL', value: String(editor.getAttributes('link').href ?? '') }],
          ({ href }) => {
            if (!href || !SAFE.test(href)) return 'Use an http(s) or mailto address, or a path on this site.'
            chain().extendMarkRange('link').setLink({ href }).run()
            return undefined
          },
          () => chain().extendMarkRange('link').unsetLink().run(),
        ),
      active: () => editor.isActive('link'),
    },
    { label: 'Subheading', run: () => chain().toggleHeading({ level: 2 }).run(), active: () => editor.isActive('heading', { level: 2 }) },
    {
      label: 'Pull quote',
      run: () => (editor.isActive('pullQuote') ? chain().setParagraph().run() : chain().setNode('pullQuote').run()),
      active: () => editor.isActive('pullQuote'),
    },
    {
      label: 'Quote (inline)',
      run: () => {
        const a = editor.getAttributes('quote')
        ask(
          [
            { name: 'speaker', label: 'Speaker', value: String(a.speaker ?? '') },
            { name: 'source', label: 'Source', value: String(a.source ?? '') },
          ],
          ({ speaker, source }) => {
            chain()
              .extendMarkRange('quote')
              .setMark('quote', { speaker: speaker || null, source: source || null })
              .run()
            return undefined
          },
          () => chain().extendMarkRange('quote').unsetMark('quote').run(),
        )
      },
      active: () => editor.isActive('quote'),
    },
    { label: 'Bulleted list', run: () => chain().toggleBulletList().run(), active: () => editor.isActive('bulletList') },
    { label: 'Numbered list', run: () => chain().toggleOrderedList().run(), active: () => editor.isActive('orderedList') },
    {
      label: 'Image',
      run: () =>
        ask(
          [
            { name: 'src', label: 'Image URL', value: '' },
            { name: 'alt', label: 'Alt text', value: '' },
          ],
          ({ src, alt }) => {
            if (!src || !SAFE.test(src)) return 'Use an http(s) address or a path on this site.'
            if (!alt) return 'Describe the image for people who cannot see it.'
            chain().insertContent({ type: 'image', attrs: { src, alt } }).run()
            return undefined
          },
        ),
    },
    { label: 'Undo', key: 'Ctrl+Z', run: () => chain().undo().run() },
    { label: 'Redo', key: 'Ctrl+Shift+Z', run: () => chain().redo().run() },
  ]

  const buttons = tools.map((t) => {
    const b = document.createElement('button')
    b.type = 'button'
    b.textContent = t.label
    if (t.key) b.title = `${t.label} (${t.key})`
    if (t.active) b.setAttribute('aria-pressed', 'false')
    // keep the editor's selection: a toolbar button must not take focus on mousedown
    b.addEventListener('mousedown', (e) => e.preventDefault())
    b.addEventListener('click', () => t.run())
    bar.insertBefore(b, bar.querySelector('.nr-popover'))
    return { b, t }
  })
  const refresh = () => {
    for (const { b, t } of buttons) if (t.active) b.setAttribute('aria-pressed', String(t.active()))
  }
  editor.on('selectionUpdate', refresh)
  editor.on('transaction', refresh)
  return bar
}
