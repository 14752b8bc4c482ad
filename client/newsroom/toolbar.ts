import type { Editor } from '@tiptap/core'
import { popover } from './popover.ts'
import { isInTable, newTable, TABLE_ACTIONS } from './table.ts'

interface Tool {
  label: string
  key?: string
  run: () => void
  active?: () => boolean
}

const SAFE = /^(https?:\/\/|mailto:|\/(?!\/)|#)/i

/**
 * The editor's toolbar: bold, italic, super/subscript, link, subheading, pull quote, inline quote,
 * lists, image, table, undo. One tab stop (the WAI-ARIA toolbar pattern): the arrow keys, Home and
 * End move between its buttons, Tab leaves it. Returns the toolbar with its popover, and what
 * opens the link popover (Ctrl/Cmd+K in the text).
 */
export function buildToolbar(editor: Editor, pictures?: { upload: () => void; library: () => void }): { element: HTMLElement; openLink: () => void } {
  const wrap = document.createElement('div')
  wrap.className = 'nr-toolbar-wrap'
  const bar = document.createElement('div')
  bar.className = 'nr-toolbar'
  bar.setAttribute('role', 'toolbar')
  bar.setAttribute('aria-label', 'Formatting')
  bar.setAttribute('aria-controls', editor.view.dom.id || 'body-editor')
  const ask = popover(editor)
  wrap.append(bar, ask.box)
  const chain = () => editor.chain().focus()

  const openLink = () =>
    ask.open({
      title: 'Link',
      fields: [{ name: 'href', label: 'Link URL', value: String(editor.getAttributes('link').href ?? '') }],
      onApply: ({ href }) => {
        if (!href || !SAFE.test(href)) return 'Use an http(s) or mailto address, or a path on this site.'
        chain().extendMarkRange('link').setLink({ href }).run()
        return undefined
      },
      onRemove: () => chain().extendMarkRange('link').unsetLink().run(),
    })

  // With text selected, the quote's actions apply to that text only; with none, to the quote under the cursor.
  const quoteTarget = () => (editor.state.selection.empty ? chain().extendMarkRange('quote') : chain())
  const openQuote = () => {
    const a = editor.getAttributes('quote')
    ask.open({
      title: 'Inline quote',
      fields: [
        { name: 'speaker', label: 'Speaker', value: String(a.speaker ?? '') },
        { name: 'source', label: 'Source', value: String(a.source ?? '') },
      ],
      onApply: ({ speaker, source }) => {
        if (editor.state.selection.empty && !editor.isActive('quote')) return 'Select the quoted words first.'
        quoteTarget()
          .setMark('quote', { speaker: speaker || null, source: source || null })
          .run()
        return undefined
      },
      ...(editor.isActive('quote') ? { onRemove: () => quoteTarget().unsetMark('quote').run() } : {}),
    })
  }

  const openTable = () => {
    if (!isInTable(editor.state)) {
      const at = editor.state.selection.from
      chain().insertContent(newTable()).run()
      // the cursor goes to the new table's first cell (table, row, cell, paragraph: 4 steps in)
      let table: number | undefined
      editor.state.doc.descendants((node, pos) => {
        if (table === undefined && node.type.name === 'table' && pos >= at - 1) table = pos
        return table === undefined
      })
      if (table !== undefined)
        chain()
          .setTextSelection(table + 4)
          .run()
      return
    }
    const caption = String(editor.getAttributes('table').caption ?? '')
    ask.open({
      title: 'Table',
      fields: [{ name: 'caption', label: 'Table caption', value: caption }],
      onApply: ({ caption }) => {
        chain()
          .updateAttributes('table', { caption: caption || null })
          .run()
        return undefined
      },
      actions: TABLE_ACTIONS.map((a) => ({
        label: a.label,
        // prosemirror-tables' commands, run on the view as they expect
        run: () => {
          a.command(editor.state, editor.view.dispatch)
          editor.commands.focus()
        },
      })),
    })
  }

  const tools: Tool[] = [
    { label: 'Bold', key: 'Ctrl+B', run: () => chain().toggleBold().run(), active: () => editor.isActive('bold') },
    { label: 'Italic', key: 'Ctrl+I', run: () => chain().toggleItalic().run(), active: () => editor.isActive('italic') },
    { label: 'Superscript', key: 'Ctrl+.', run: () => chain().toggleMark('superscript').run(), active: () => editor.isActive('superscript') },
    { label: 'Subscript', key: 'Ctrl+,', run: () => chain().toggleMark('subscript').run(), active: () => editor.isActive('subscript') },
    { label: 'Link', key: 'Ctrl+K', run: openLink, active: () => editor.isActive('link') },
    { label: 'Subheading', run: () => chain().toggleHeading({ level: 2 }).run(), active: () => editor.isActive('heading', { level: 2 }) },
    {
      label: 'Pull quote',
      run: () => (editor.isActive('pullQuote') ? chain().setParagraph().run() : chain().setNode('pullQuote').run()),
      active: () => editor.isActive('pullQuote'),
    },
    { label: 'Quote (inline)', run: openQuote, active: () => editor.isActive('quote') },
    { label: 'Bulleted list', run: () => chain().toggleBulletList().run(), active: () => editor.isActive('bulletList') },
    { label: 'Numbered list', run: () => chain().toggleOrderedList().run(), active: () => editor.isActive('orderedList') },
    {
      label: 'Image',
      run: () =>
        ask.open({
          title: 'Image',
          fields: [
            { name: 'src', label: 'Image URL', value: '' },
            { name: 'alt', label: 'Alt text', value: '' },
          ],
          onApply: ({ src, alt }) => {
            if (!src || !SAFE.test(src)) return 'Use an http(s) address or a path on this site.'
            if (!alt) return 'Describe the image for people who cannot see it.'
            chain().insertContent({ type: 'image', attrs: { src, alt } }).run()
            return undefined
          },
          // pictures from the media library: a new upload, or one already there
          ...(pictures
            ? {
                actions: [
                  { label: 'Upload a picture…', run: pictures.upload },
                  { label: 'From the library…', run: pictures.library },
                ],
              }
            : {}),
        }),
    },
    { label: 'Table', run: openTable, active: () => editor.isActive('table') },
    { label: 'Undo', key: 'Ctrl+Z', run: () => chain().undo().run() },
    { label: 'Redo', key: 'Ctrl+Shift+Z', run: () => chain().redo().run() },
  ]

  const buttons = tools.map((t, i) => {
    const b = document.createElement('button')
    b.type = 'button'
    b.textContent = t.label
    b.tabIndex = i === 0 ? 0 : -1
    if (t.key) b.setAttribute('aria-keyshortcuts', t.key.replace('Ctrl', 'Control'))
    if (t.key) b.title = `${t.label} (${t.key})`
    if (t.active) b.setAttribute('aria-pressed', 'false')
    // keep the editor's selection: a toolbar button must not take focus on mousedown
    b.addEventListener('mousedown', (e) => e.preventDefault())
    b.addEventListener('click', () => {
      rove(i, false)
      t.run()
    })
    bar.append(b)
    return { b, t }
  })

  // roving tabindex: the toolbar's one tab stop is the button last used
  const rove = (to: number, focus = true) => {
    const n = buttons.length
    const next = ((to % n) + n) % n
    buttons.forEach(({ b }, i) => (b.tabIndex = i === next ? 0 : -1))
    if (focus) buttons[next]!.b.focus()
  }
  bar.addEventListener('keydown', (e) => {
    const at = buttons.findIndex(({ b }) => b === e.target)
    if (at < 0) return
    const moves: Record<string, number> = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1 }
    if (!(e.key in moves)) return
    e.preventDefault()
    rove(moves[e.key]!)
  })

  const refresh = () => {
    for (const { b, t } of buttons) if (t.active) b.setAttribute('aria-pressed', String(t.active()))
  }
  editor.on('selectionUpdate', refresh)
  editor.on('transaction', refresh)
  return { element: wrap, openLink }
}
