import type { Editor } from '@tiptap/core'
import { popover } from './popover.ts'
import { isInTable, newTable, TABLE_ACTIONS } from './table.ts'
import { t } from './i18n.ts'

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
  bar.setAttribute('aria-label', t('nr.client.formatting'))
  bar.setAttribute('aria-controls', editor.view.dom.id || 'body-editor')
  const ask = popover(editor)
  wrap.append(bar, ask.box)
  const chain = () => editor.chain().focus()

  const openLink = () =>
    ask.open({
      title: t('nr.client.link'),
      fields: [{ name: 'href', label: t('nr.client.linkUrl'), value: String(editor.getAttributes('link').href ?? '') }],
      onApply: ({ href }) => {
        if (!href || !SAFE.test(href)) return t('nr.client.linkProblem')
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
      title: t('nr.client.inlineQuote'),
      fields: [
        { name: 'speaker', label: t('nr.client.speaker'), value: String(a.speaker ?? '') },
        { name: 'source', label: t('nr.client.source'), value: String(a.source ?? '') },
      ],
      onApply: ({ speaker, source }) => {
        if (editor.state.selection.empty && !editor.isActive('quote')) return t('nr.client.selectQuoted')
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
      title: t('nr.client.table'),
      fields: [{ name: 'caption', label: t('nr.client.tableCaption'), value: caption }],
      onApply: ({ caption }) => {
        chain()
          .updateAttributes('table', { caption: caption || null })
          .run()
        return undefined
      },
      actions: TABLE_ACTIONS.map((a) => ({
        label: t(a.label),
        // prosemirror-tables' commands, run on the view as they expect
        run: () => {
          a.command(editor.state, editor.view.dispatch)
          editor.commands.focus()
        },
      })),
    })
  }

  const tools: Tool[] = [
    { label: t('nr.client.bold'), key: 'Ctrl+B', run: () => chain().toggleBold().run(), active: () => editor.isActive('bold') },
    { label: t('nr.client.italic'), key: 'Ctrl+I', run: () => chain().toggleItalic().run(), active: () => editor.isActive('italic') },
    { label: t('nr.client.superscript'), key: 'Ctrl+.', run: () => chain().toggleMark('superscript').run(), active: () => editor.isActive('superscript') },
    { label: t('nr.client.subscript'), key: 'Ctrl+,', run: () => chain().toggleMark('subscript').run(), active: () => editor.isActive('subscript') },
    { label: t('nr.client.link'), key: 'Ctrl+K', run: openLink, active: () => editor.isActive('link') },
    { label: t('nr.client.subheading'), run: () => chain().toggleHeading({ level: 2 }).run(), active: () => editor.isActive('heading', { level: 2 }) },
    {
      label: t('nr.client.pullQuote'),
      run: () => (editor.isActive('pullQuote') ? chain().setParagraph().run() : chain().setNode('pullQuote').run()),
      active: () => editor.isActive('pullQuote'),
    },
    { label: t('nr.client.quoteInline'), run: openQuote, active: () => editor.isActive('quote') },
    { label: t('nr.client.bulleted'), run: () => chain().toggleBulletList().run(), active: () => editor.isActive('bulletList') },
    { label: t('nr.client.numbered'), run: () => chain().toggleOrderedList().run(), active: () => editor.isActive('orderedList') },
    {
      label: t('nr.client.image'),
      run: () =>
        ask.open({
          title: t('nr.client.image'),
          fields: [
            { name: 'src', label: t('nr.client.imageUrl'), value: '' },
            { name: 'alt', label: t('nr.client.altText'), value: '' },
          ],
          onApply: ({ src, alt }) => {
            if (!src || !SAFE.test(src)) return t('nr.client.imageProblem')
            if (!alt) return t('nr.client.describeImage')
            chain().insertContent({ type: 'image', attrs: { src, alt } }).run()
            return undefined
          },
          // pictures from the media library: a new upload, or one already there
          ...(pictures
            ? {
                actions: [
                  { label: t('nr.client.uploadPicture'), run: pictures.upload },
                  { label: t('nr.client.fromLibrary'), run: pictures.library },
                ],
              }
            : {}),
        }),
    },
    { label: t('nr.client.table'), run: openTable, active: () => editor.isActive('table') },
    { label: t('nr.client.undo'), key: 'Ctrl+Z', run: () => chain().undo().run() },
    { label: t('nr.client.redo'), key: 'Ctrl+Shift+Z', run: () => chain().redo().run() },
  ]

  const buttons = tools.map((tool, i) => {
    const b = document.createElement('button')
    b.type = 'button'
    b.textContent = tool.label
    b.tabIndex = i === 0 ? 0 : -1
    if (tool.key) b.setAttribute('aria-keyshortcuts', tool.key.replace('Ctrl', 'Control'))
    if (tool.key) b.title = `${tool.label} (${tool.key})`
    if (tool.active) b.setAttribute('aria-pressed', 'false')
    // keep the editor's selection: a toolbar button must not take focus on mousedown
    b.addEventListener('mousedown', (e) => e.preventDefault())
    b.addEventListener('click', () => {
      rove(i, false)
      tool.run()
    })
    bar.append(b)
    return { b, tool }
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
    for (const { b, tool } of buttons) if (tool.active) b.setAttribute('aria-pressed', String(tool.active()))
  }
  editor.on('selectionUpdate', refresh)
  editor.on('transaction', refresh)
  return { element: wrap, openLink }
}
