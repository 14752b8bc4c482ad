import { Mark, Node, mergeAttributes } from '@tiptap/core'
import type { Node as PmNode } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { t } from './i18n.ts'

const attr = (name: string) => ({
  default: null,
  parseHTML: (el: HTMLElement) => el.getAttribute(`data-${name}`),
  renderHTML: (attrs: Record<string, unknown>) => (attrs[name] ? { [`data-${name}`]: attrs[name] } : {}),
})

/**
 * Inline quote with its speaker and source: <q data-speaker data-source>. It stops where the quoted
 * words stop: typing at its end, or Enter there, does not carry it on (inclusive, keepOnSplit).
 * Its priority puts it outside bold and italic, so a quote with a bold word is one <q>. Who said
 * it shows after the quote as a label that is not part of the text.
 */
export const QuoteMark = Mark.create({
  name: 'quote',
  priority: 1001,
  inclusive: false,
  keepOnSplit: false,
  addAttributes: () => ({ speaker: attr('speaker'), source: attr('source') }),
  parseHTML: () => [{ tag: 'q' }],
  renderHTML: ({ HTMLAttributes }) => ['q', mergeAttributes(HTMLAttributes, { class: 'nr-q' }), 0],
  addProseMirrorPlugins() {
    const type = this.type
    return [
      new Plugin({
        key: new PluginKey('quoteLabels'),
        props: {
          decorations: (state) => {
            const widgets: Decoration[] = []
            let open: { end: number; attrs: Record<string, unknown> } | undefined
            const close = () => {
              if (!open) return
              const { speaker, source } = open.attrs as { speaker?: string | null; source?: string | null }
              const text = speaker ? `— ${speaker}${source ? `, ${source}` : ''}` : t('nr.client.speakerMissing')
              widgets.push(
                Decoration.widget(
                  open.end,
                  () => {
                    const label = document.createElement('span')
                    label.className = speaker ? 'nr-q-label' : 'nr-q-label nr-q-label--missing'
                    label.contentEditable = 'false'
                    label.textContent = text
                    return label
                  },
                  { side: 1, marks: [], key: `q-${open.end}-${text}`, ignoreSelection: true },
                ),
              )
              open = undefined
            }
            state.doc.descendants((node, pos) => {
              if (!node.isText) {
                if (node.isBlock) close()
                return true
              }
              const mark = type.isInSet(node.marks)
              if (open && (!mark || mark.attrs.speaker !== open.attrs.speaker || mark.attrs.source !== open.attrs.source)) close()
              if (mark) open = { end: pos + node.nodeSize, attrs: mark.attrs }
              return false
            })
            close()
            return DecorationSet.create(state.doc, widgets)
          },
        },
      }),
    ]
  },
})

/** Superscript (m², 1st, footnote numbers): <sup>, or a pasted span with vertical-align: super. */
export const Superscript = Mark.create({
  name: 'superscript',
  excludes: 'subscript',
  parseHTML: () => [{ tag: 'sup' }, { style: 'vertical-align', getAttrs: (v) => (v === 'super' ? null : false) }],
  renderHTML: () => ['sup', 0],
  addKeyboardShortcuts() {
    return { 'Mod-.': () => this.editor.commands.toggleMark(this.name) }
  },
})

/** Subscript (CO₂): <sub>, or a pasted span with vertical-align: sub. */
export const Subscript = Mark.create({
  name: 'subscript',
  excludes: 'superscript',
  parseHTML: () => [{ tag: 'sub' }, { style: 'vertical-align', getAttrs: (v) => (v === 'sub' ? null : false) }],
  renderHTML: () => ['sub', 0],
  addKeyboardShortcuts() {
    return { 'Mod-,': () => this.editor.commands.toggleMark(this.name) }
  },
})

type FieldSpec = { name: string; label: string }

/** A node view that shows labelled inputs for the node's attributes beside (or instead of) its text. */
function attributeFields(node: PmNode, fields: FieldSpec[], update: (name: string, value: string) => void) {
  const box = document.createElement('div')
  box.className = 'nr-node-fields'
  box.contentEditable = 'false'
  const inputs = new Map<string, HTMLInputElement>()
  for (const f of fields) {
    const label = document.createElement('label')
    label.textContent = `${f.label} `
    const input = document.createElement('input')
    input.type = 'text'
    input.value = String(node.attrs[f.name] ?? '')
    input.dataset.attr = f.name
    input.addEventListener('input', () => update(f.name, input.value))
    label.append(input)
    box.append(label)
    inputs.set(f.name, input)
  }
  return {
    box,
    refresh(n: PmNode) {
      for (const [name, input] of inputs) if (document.activeElement !== input) input.value = String(n.attrs[name] ?? '')
    },
  }
}

function makeView(fields: FieldSpec[], build: (dom: HTMLElement) => HTMLElement | undefined) {
  return ({
    node,
    getPos,
    editor,
  }: {
    node: PmNode
    getPos: () => number | undefined
    editor: {
      view: { dispatch: (tr: unknown) => void; state: { tr: { setNodeMarkup: (pos: number, type: undefined, attrs: Record<string, unknown>) => unknown } } }
      isEditable: boolean
    }
  }) => {
    let current = node
    const dom = document.createElement('figure')
    const contentDOM = build(dom)
    const ui = attributeFields(node, fields, (name, value) => {
      const pos = getPos()
      if (pos === undefined) return
      editor.view.dispatch(editor.view.state.tr.setNodeMarkup(pos, undefined, { ...current.attrs, [name]: value || null }))
    })
    if (!editor.isEditable) ui.box.querySelectorAll('input').forEach((i) => (i.disabled = true))
    dom.append(ui.box)
    return {
      dom,
      ...(contentDOM ? { contentDOM } : {}),
      update(n: PmNode) {
        if (n.type !== current.type) return false
        current = n
        ui.refresh(n)
        return true
      },
      stopEvent: (event: Event) => ui.box.contains(event.target as globalThis.Node),
      ignoreMutation: (m: { target: globalThis.Node }) => ui.box.contains(m.target),
    }
  }
}

/** A pull quote: quoted text with speaker and source fields. */
export const PullQuote = Node.create({
  name: 'pullQuote',
  group: 'block',
  content: 'inline*',
  marks: 'bold italic link superscript subscript',
  defining: true,
  addAttributes: () => ({ speaker: attr('speaker'), source: attr('source') }),
  parseHTML: () => [{ tag: 'blockquote' }],
  renderHTML: ({ HTMLAttributes }) => ['blockquote', mergeAttributes(HTMLAttributes), 0],
  addNodeView() {
    return makeView(
      [
        { name: 'speaker', label: t('nr.client.speaker') },
        { name: 'source', label: t('nr.client.source') },
      ],
      (dom) => {
        dom.className = 'nr-pullquote'
        const quote = document.createElement('blockquote')
        dom.append(quote)
        return quote
      },
    ) as never
  },
})

/** An image block: a picture from the media library (mediaId) or a URL, with alt text, caption and credit. */
export const ImageBlock = Node.create({
  name: 'image',
  group: 'block',
  atom: true,
  draggable: true,
  addAttributes: () => ({
    src: attr('src'),
    alt: attr('alt'),
    caption: attr('caption'),
    credit: attr('credit'),
    mediaId: {
      default: null,
      parseHTML: (el: HTMLElement) => (/^\d+$/.test(el.getAttribute('data-media-id') ?? '') ? Number(el.getAttribute('data-media-id')) : null),
      renderHTML: (attrs: Record<string, unknown>) => (attrs.mediaId ? { 'data-media-id': String(attrs.mediaId) } : {}),
    },
  }),
  parseHTML: () => [
    { tag: 'figure[data-image]' },
    // a pasted picture (Google Docs gives https addresses; Word's file:/// ones cannot be used, so
    // the block keeps its alt text and waits for a URL)
    {
      tag: 'img[src]',
      getAttrs: (el: HTMLElement) => {
        const src = el.getAttribute('src') ?? ''
        return { src: /^https?:\/\//i.test(src) ? src : null, alt: el.getAttribute('alt')?.trim() || null }
      },
    },
  ],
  renderHTML: ({ HTMLAttributes }) => ['figure', mergeAttributes(HTMLAttributes, { 'data-image': '' })],
  addNodeView() {
    return (({ node, getPos, editor }: Parameters<ReturnType<typeof makeView>>[0]) => {
      const fromLibrary = Boolean(node.attrs.mediaId)
      const view = makeView(
        [
          ...(fromLibrary ? [] : [{ name: 'src', label: t('nr.client.imageUrl') }]),
          { name: 'alt', label: t('nr.client.altText') },
          { name: 'caption', label: t('nr.client.caption') },
          { name: 'credit', label: t('nr.client.credit') },
        ],
        (dom) => {
          dom.className = 'nr-atom nr-atom--image'
          return undefined
        },
      )({ node, getPos, editor })
      const dom = view.dom
      // "required to publish", next to the picture, while its alt text is empty
      const warning = document.createElement('p')
      warning.className = 'nr-alt-warning'
      warning.setAttribute('role', 'status')
      warning.textContent = t('nr.client.altRequired')
      dom.prepend(warning)
      let current = node
      const refreshWarning = (n: PmNode) => (warning.hidden = String(n.attrs.alt ?? '').trim() !== '')
      refreshWarning(node)
      if (fromLibrary) {
        dom.dataset.mediaId = String(node.attrs.mediaId)
        // the picture itself: click where its subject is to set the focal point that crops keep in view
        const box = document.createElement('div')
        box.className = 'nr-focal nr-focal--editor'
        box.contentEditable = 'false'
        const img = document.createElement('img')
        img.src = `/media/${node.attrs.mediaId}`
        img.alt = ''
        img.dataset.mediaPreview = String(node.attrs.mediaId)
        const mark = document.createElement('span')
        mark.className = 'nr-focal__mark'
        mark.hidden = true
        const note = document.createElement('span')
        note.className = 'nr-focal__note'
        note.textContent = t('nr.client.focalClick')
        box.append(img, mark, note)
        dom.prepend(box)
        if (editor.isEditable)
          box.addEventListener('click', async (e) => {
            const { fractionAt, placeMark, setFocalPoint } = await import('./media.ts')
            const f = fractionAt(img, e)
            placeMark(mark, f)
            note.textContent = t('nr.client.focalSaving')
            try {
              await setFocalPoint(Number(current.attrs.mediaId), f)
              note.textContent = t('nr.client.focalSet', { x: Math.round(f.x * 100), y: Math.round(f.y * 100) })
              box.dataset.focalSaved = 'true'
            } catch (err) {
              note.textContent = (err as Error).message
            }
          })
      }
      return {
        ...view,
        update(n: PmNode) {
          if (!view.update(n)) return false
          current = n
          refreshWarning(n)
          return true
        },
        stopEvent: (event: Event) => view.stopEvent(event) || (event.target instanceof Element && event.target.closest('.nr-focal') !== null),
        ignoreMutation: (m: { target: globalThis.Node }) =>
          view.ignoreMutation(m) || dom.querySelector('.nr-focal')?.contains(m.target) === true || warning.contains(m.target),
      }
    }) as never
  },
})

/** An embed block: a link card to an https URL. */
export const EmbedBlock = Node.create({
  name: 'embed',
  group: 'block',
  atom: true,
  addAttributes: () => ({ url: attr('url'), title: attr('title') }),
  parseHTML: () => [{ tag: 'figure[data-embed]' }],
  renderHTML: ({ HTMLAttributes }) => ['figure', mergeAttributes(HTMLAttributes, { 'data-embed': '' })],
  addNodeView() {
    return makeView(
      [
        { name: 'url', label: t('nr.client.embedUrl') },
        { name: 'title', label: t('nr.client.embedTitle') },
      ],
      (dom) => {
        dom.className = 'nr-atom nr-atom--embed'
        return undefined
      },
    ) as never
  },
})
