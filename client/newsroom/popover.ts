import type { Editor } from '@tiptap/core'
import { t } from './i18n.ts'

export interface PopoverField {
  name: string
  label: string
  value: string
}

export interface PopoverOptions {
  /** what the group is called for assistive technology ("Link", "Inline quote") */
  title: string
  fields: PopoverField[]
  /** returns a problem to show, or undefined when done */
  onApply?: (values: Record<string, string>) => string | undefined
  /** a "Remove" button (the link, the quote) */
  onRemove?: () => void
  /** more buttons (a table's rows and columns); each closes the popover */
  actions?: { label: string; run: () => void }[]
}

/**
 * A small form under the toolbar for a URL, a quote's speaker and source or a table's tools (no
 * window.prompt). Cancel and Escape close it and put the cursor back in the text where it was.
 */
export function popover(editor: Editor) {
  // A div, not a form: it sits inside the article form, and forms cannot nest.
  const box = document.createElement('div')
  box.className = 'nr-popover'
  box.setAttribute('role', 'group')
  box.hidden = true

  const open = (o: PopoverOptions) => {
    const { from, to } = editor.state.selection
    const backToText = () => {
      box.hidden = true
      editor.chain().focus().setTextSelection({ from, to }).run()
    }
    box.replaceChildren()
    box.setAttribute('aria-label', o.title)
    const inputs: HTMLInputElement[] = []
    for (const f of o.fields) {
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
    const button = (text: string, run: () => void) => {
      const b = document.createElement('button')
      b.type = 'button'
      b.textContent = text
      b.addEventListener('click', run)
      box.append(b)
      return b
    }
    const submit = () => {
      const problem = o.onApply?.(Object.fromEntries(inputs.map((i) => [i.name, i.value.trim()])))
      if (problem) error.textContent = problem
      else box.hidden = true
    }
    if (o.onApply) button(t('nr.client.apply'), submit)
    if (o.onRemove) {
      const remove = o.onRemove
      button(t('nr.client.remove'), () => {
        box.hidden = true
        remove()
      })
    }
    for (const a of o.actions ?? [])
      button(a.label, () => {
        box.hidden = true
        a.run()
      })
    button(t('nr.client.cancel'), backToText)
    box.append(error)
    box.onkeydown = (e) => {
      if (e.key === 'Enter' && e.target instanceof HTMLInputElement) {
        e.preventDefault()
        submit()
      } else if (e.key === 'Escape') {
        e.preventDefault()
        backToText()
      }
    }
    box.hidden = false
    ;(inputs[0] ?? box.querySelector('button'))?.focus()
  }
  return { box, open }
}
