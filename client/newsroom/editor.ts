import { Editor, Extension } from '@tiptap/core'
import StarterKit from '@tiptap/starter-kit'
import Heading from '@tiptap/extension-heading'
import ListItem from '@tiptap/extension-list-item'
import Link from '@tiptap/extension-link'
import type { Block } from '../../src/content/blocks.ts'
import { blocksToDoc, docToBlocks } from '../../src/newsroom/editor-doc.ts'
import { formToInput, formValues, type FormBody } from '../../src/newsroom/form.ts'
import { EmbedBlock, ImageBlock, PullQuote, QuoteMark, Subscript, Superscript } from './nodes.ts'
import { cleanPastedHtml } from './paste.ts'
import { TableExtensions } from './table.ts'
import { buildToolbar } from './toolbar.ts'
import { startRelatedPicker } from './related-picker.ts'
import { pictureFiles, searchPictures, uploadPicture, type MediaItem } from './media.ts'
import { lang, problem, t } from './i18n.ts'

const AUTOSAVE_MS = 2000

function formBody(form: HTMLFormElement): FormBody {
  const out: FormBody = {}
  for (const [k, v] of new FormData(form).entries()) {
    if (typeof v !== 'string') continue
    const prev = out[k]
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v]
  }
  return out
}

/** Shows each field's message next to it (or clears it). */
function showErrors(form: HTMLFormElement, fields: { field: string; message: string }[]) {
  for (const p of form.querySelectorAll<HTMLElement>('[data-error-for]')) {
    const msgs = fields.filter((f) => f.field === p.dataset.errorFor).map((f) => problem(f.message))
    p.textContent = msgs.join(' ')
    p.hidden = msgs.length === 0
    const wrapper = p.closest('.nr-field')
    wrapper?.classList.toggle('nr-field--error', msgs.length > 0)
    wrapper?.querySelector('input, textarea, select')?.setAttribute('aria-invalid', msgs.length ? 'true' : 'false')
  }
}

/** Mounts the rich-text body editor, autosave and the unsaved-changes warning on the article form. */
/**
 * The copy fields take the language and direction of the chosen section's edition (an Arabic
 * section: typed right to left, with Arabic spelling and fonts); with no section yet, each field
 * follows its first strong letter (dir="auto").
 */
function followSectionLanguage(form: HTMLFormElement): void {
  const select = form.querySelector<HTMLSelectElement>('#f-sectionId')
  if (!select) return
  select.addEventListener('change', () => {
    const option = select.selectedOptions[0]
    for (const el of form.querySelectorAll<HTMLElement>('[data-copy]')) {
      if (option?.dataset.lang) {
        el.lang = option.dataset.lang
        el.dir = option.dataset.dir === 'rtl' ? 'rtl' : 'ltr'
      } else {
        el.removeAttribute('lang')
        el.dir = 'auto'
      }
    }
  })
}

export function startEditor(form: HTMLFormElement): void {
  const mount = document.getElementById('body-editor')
  const hidden = document.getElementById('f-body') as HTMLInputElement | null
  const status = document.getElementById('save-status')
  const data = JSON.parse(document.getElementById('editor-data')?.textContent ?? '{}') as { body?: Block[]; readonly?: boolean }
  if (!mount || !hidden) return
  const csrf = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? ''
  const articleId = form.dataset.articleId ? Number(form.dataset.articleId) : undefined
  followSectionLanguage(form)
  // Ctrl/Cmd+K opens the toolbar's link popover (set once the toolbar exists)
  let openLink = () => {}
  const LinkShortcut = Extension.create({
    name: 'linkShortcut',
    addKeyboardShortcuts: () => ({
      'Mod-k': () => {
        openLink()
        return true
      },
    }),
  })

  const editor = new Editor({
    element: mount,
    editable: !data.readonly,
    // the page's CSP forbids injected <style>; the editor's styles live in newsroom.css
    injectCSS: false,
    extensions: [
      StarterKit.configure({
        heading: false,
        blockquote: false,
        code: false,
        codeBlock: false,
        horizontalRule: false,
        strike: false,
        underline: false,
        hardBreak: false,
        listItem: false,
        link: false,
      }),
      // typing at the end of a link does not extend it
      Link.extend({ inclusive: () => false }).configure({
        openOnClick: false,
        autolink: true,
        protocols: ['http', 'https', 'mailto'],
        defaultProtocol: 'https',
      }),
      // every pasted heading level (Word's Heading 1, a Google Doc's Title) becomes a subheading
      Heading.extend({
        parseHTML: () => [1, 2, 3, 4, 5, 6].map((level) => ({ tag: `h${level}`, attrs: { level: 2 } })),
      }).configure({ levels: [2] }),
      // one paragraph per list item, so a list maps onto the body's list block
      ListItem.extend({ content: 'paragraph' }),
      QuoteMark,
      Superscript,
      Subscript,
      ...TableExtensions,
      LinkShortcut,
      PullQuote,
      ImageBlock,
      EmbedBlock,
    ],
    content: blocksToDoc(data.body ?? []) as never,
    editorProps: {
      attributes: { id: 'body-prose', class: 'nr-prose', role: 'textbox', 'aria-multiline': 'true', 'aria-labelledby': 'body-label' },
      // Word's and Google Docs' clipboard markup, tidied before the schema reads it (paste.ts)
      transformPastedHTML: cleanPastedHtml,
      // picture files dropped or pasted (a screenshot) go to the media library and into the text
      handleDrop: (view, event, _slice, moved) => {
        const files = moved || data.readonly ? [] : pictureFiles(event.dataTransfer)
        if (files.length === 0) return false
        event.preventDefault()
        void insertUploads(files, view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos)
        return true
      },
      handlePaste: (_view, event) => {
        const types = [...(event.clipboardData?.types ?? [])]
        // copied text that comes with a picture of itself (Word, some browsers): paste the text
        if (data.readonly || types.includes('text/html') || types.includes('text/plain')) return false
        const files = pictureFiles(event.clipboardData)
        if (files.length === 0) return false
        event.preventDefault()
        void insertUploads(files)
        return true
      },
    },
  })

  /** Uploads picture files and puts each in the text (at `pos`, else at the cursor), saying how it went. */
  async function insertUploads(files: File[], pos?: number) {
    for (const file of files) {
      if (status) {
        status.textContent = t('nr.client.uploading', { name: file.name || t('nr.client.thePicture') })
        status.dataset.kind = 'busy'
      }
      try {
        insertPicture(await uploadPicture(file), pos)
        if (status) status.textContent = t('nr.client.uploaded')
        if (status) status.dataset.kind = 'ok'
      } catch (e) {
        if (status) {
          status.textContent = t('nr.client.notUploaded', { message: problem((e as Error).message) })
          status.dataset.kind = 'error'
        }
      }
    }
  }

  function insertPicture(item: MediaItem, pos?: number) {
    const node = { type: 'image', attrs: { src: item.url, mediaId: item.id, alt: item.alt || null } }
    if (pos !== undefined) editor.chain().focus().insertContentAt(pos, node).run()
    else editor.chain().focus().insertContent(node).run()
  }
  ;(window as unknown as { datelineEditor: Editor }).datelineEditor = editor
  if (!data.readonly) {
    const fileInput = document.createElement('input')
    fileInput.type = 'file'
    fileInput.accept = 'image/jpeg,image/png,image/webp,image/avif,image/gif,image/tiff'
    fileInput.multiple = true
    fileInput.hidden = true
    fileInput.dataset.editorUpload = ''
    fileInput.addEventListener('change', () => {
      void insertUploads([...(fileInput.files ?? [])]).then(() => (fileInput.value = ''))
    })
    const library = libraryPicker((item) => insertPicture(item))
    const toolbar = buildToolbar(editor, { upload: () => fileInput.click(), library: library.open })
    toolbar.element.append(fileInput, library.element)
    mount.before(toolbar.element)
    openLink = toolbar.openLink
  }

  /** Puts the body's blocks in the form; true when they changed (a trailing empty paragraph the editor adds is no change). */
  const syncBody = (): boolean => {
    const next = JSON.stringify(docToBlocks(editor.getJSON() as never))
    const changed = next !== hidden.value
    hidden.value = next
    return changed
  }
  syncBody()

  let dirty = false
  let timer: number | undefined
  let saving: Promise<void> | undefined
  let stopped = false
  const say = (text: string, kind: 'ok' | 'error' | 'busy' = 'ok') => {
    if (!status) return
    status.textContent = text
    status.dataset.kind = kind
  }

  async function autosave() {
    if (!articleId || stopped || !dirty) return
    syncBody()
    dirty = false
    const input = formToInput(formValues(formBody(form), articleId))
    say(t('nr.client.saving'), 'busy')
    const res = await fetch(`/api/admin/articles/${articleId}?autosave=true`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(input),
    }).catch(() => undefined)
    if (!res) {
      dirty = true
      say(t('nr.client.connectionFailed'), 'error')
      schedule()
      return
    }
    const json = (await res.json().catch(() => ({}))) as {
      version?: number
      editing?: { copy: string; differsFromLive: boolean }
      error?: { code: string; message: string; fields?: { field: string; message: string }[] }
    }
    if (res.ok) {
      const v = form.querySelector<HTMLInputElement>('input[name="version"]')
      if (v && json.version) v.value = String(json.version)
      // the Update live form names the working-copy version it puts live
      const live = document.querySelector<HTMLInputElement>('.nr-action--update input[name="version"]')
      if (live && json.version) live.value = String(json.version)
      showErrors(form, [])
      const at = `${new Intl.DateTimeFormat(lang(), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }).format(new Date())} GMT`
      if (json.editing?.copy === 'working') {
        if (form.dataset.copy !== 'working') {
          // the first change to a published article: its working copy now exists, say so and offer its actions
          for (const el of document.querySelectorAll<HTMLElement>('[data-when-working]')) el.hidden = false
          const banner = document.getElementById('copy-banner')
          if (banner) {
            banner.classList.replace('nr-copy--live', 'nr-copy--working')
            const first = banner.querySelector('p')
            if (first) first.firstElementChild!.textContent = t('nr.client.workingCopy')
          }
        }
        form.dataset.copy = 'working'
        // a published article: say plainly that readers do not see this yet
        say(t('nr.client.savedWorking', { time: at }))
      } else say(t('nr.client.draftSaved', { time: at }))
      return
    }
    dirty = true
    if (res.status === 400 && json.error?.fields) {
      showErrors(form, json.error.fields)
      say(t('nr.client.fieldsNeedAttention'), 'error')
    } else if (res.status === 409) {
      stopped = true
      say(json.error?.message ? problem(json.error.message) : t('nr.client.conflict'), 'error')
    } else if (res.status === 401) {
      stopped = true
      say(t('nr.client.sessionEnded'), 'error')
    } else if (res.status === 403) {
      stopped = true
      say(json.error?.message ? problem(json.error.message) : t('nr.client.cannotChange'), 'error')
    } else {
      say(json.error?.message ? problem(json.error.message) : t('nr.client.notSaved'), 'error')
    }
  }

  function schedule() {
    window.clearTimeout(timer)
    timer = window.setTimeout(() => {
      saving = autosave()
    }, AUTOSAVE_MS)
  }

  const changed = () => {
    dirty = true
    if (articleId) {
      say(t('nr.client.unsaved'), 'busy')
      schedule()
    }
  }
  editor.on('update', () => {
    if (syncBody()) changed()
  })
  // the related search box is not part of the article: only what it pins is
  const ours = (e: Event) => !(e.target instanceof Element && e.target.closest('.nr-picker, .nr-popover'))
  form.addEventListener('input', (e) => ours(e) && changed())
  form.addEventListener('change', (e) => ours(e) && changed())
  form.addEventListener('submit', () => {
    syncBody()
    dirty = false
    window.clearTimeout(timer)
  })
  window.addEventListener('beforeunload', (e) => {
    if (dirty || saving === undefined ? dirty : false) {
      e.preventDefault()
      e.returnValue = ''
    }
  })
  const related = form.querySelector<HTMLTextAreaElement>('textarea[name="related"]')
  if (related && !related.disabled) startRelatedPicker(related, articleId)
  form.dataset.ready = 'true'
}

/** A search of the media library under the toolbar; choosing a picture puts it in the text. */
function libraryPicker(choose: (item: MediaItem) => void) {
  const box = document.createElement('div')
  box.className = 'nr-popover nr-library'
  box.setAttribute('role', 'group')
  box.setAttribute('aria-label', t('nr.client.library'))
  box.hidden = true
  const label = document.createElement('label')
  label.textContent = `${t('nr.client.searchPictures')} `
  const input = document.createElement('input')
  input.type = 'search'
  label.append(input)
  const list = document.createElement('ul')
  list.className = 'nr-library__list'
  const close = document.createElement('button')
  close.type = 'button'
  close.textContent = t('nr.client.close')
  close.addEventListener('click', () => (box.hidden = true))
  box.append(label, close, list)
  let timer: number | undefined
  const search = async () => {
    const items = await searchPictures(input.value.trim()).catch(() => [])
    list.replaceChildren(
      ...items.map((item) => {
        const li = document.createElement('li')
        const b = document.createElement('button')
        b.type = 'button'
        const img = document.createElement('img')
        img.src = item.previewUrl
        img.alt = ''
        img.width = 96
        img.height = Math.round((96 * item.height) / item.width)
        b.append(img, document.createTextNode(item.caption || item.filename || t('nr.client.pictureN', { id: item.id })))
        b.addEventListener('click', () => {
          box.hidden = true
          choose(item)
        })
        li.append(b)
        return li
      }),
    )
    if (items.length === 0) list.textContent = t('nr.client.noPictures')
  }
  input.addEventListener('input', () => {
    window.clearTimeout(timer)
    timer = window.setTimeout(() => void search(), 200)
  })
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') box.hidden = true
  })
  return {
    element: box,
    open: () => {
      box.hidden = false
      input.focus()
      void search()
    },
  }
}
