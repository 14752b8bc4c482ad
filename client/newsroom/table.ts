import { Extension, Node, mergeAttributes } from '@tiptap/core'
import type { EditorState, Transaction } from '@tiptap/pm/state'
import { addColumnAfter, addRowAfter, deleteColumn, deleteRow, deleteTable, goToNextCell, isInTable, tableEditing, toggleHeader } from '@tiptap/pm/tables'

/**
 * A table for the body's table block: table > tableRow > tableHeader | tableCell > paragraph+.
 * prosemirror-tables (in @tiptap/pm) does the editing (Tab between cells, rows and columns added
 * or removed, ragged pasted tables made rectangular); it finds the nodes by their tableRole.
 */
const ROLES: Record<string, string> = { table: 'table', tableRow: 'row', tableCell: 'cell', tableHeader: 'header_cell' }

// colspan/rowspan/colwidth are what prosemirror-tables expects of a cell; the body keeps no spans
const cellAttributes = () => ({
  colspan: { default: 1, parseHTML: (el: HTMLElement) => Number(el.getAttribute('colspan') ?? 1) || 1 },
  rowspan: { default: 1, parseHTML: (el: HTMLElement) => Number(el.getAttribute('rowspan') ?? 1) || 1 },
  colwidth: { default: null, parseHTML: () => null, renderHTML: () => ({}) },
})

const TableRoles = Extension.create({
  name: 'tableRoles',
  extendNodeSchema: (extension) => (ROLES[extension.name] ? { tableRole: ROLES[extension.name] } : {}),
})

export const Table = Node.create({
  name: 'table',
  group: 'block',
  content: 'tableRow+',
  isolating: true,
  addAttributes: () => ({
    caption: {
      default: null,
      parseHTML: (el: HTMLElement) => el.getAttribute('data-caption'),
      renderHTML: (a: Record<string, unknown>) => (a.caption ? { 'data-caption': a.caption } : {}),
    },
  }),
  parseHTML: () => [{ tag: 'table' }],
  renderHTML: ({ HTMLAttributes }) => ['table', mergeAttributes(HTMLAttributes, { class: 'nr-table-block' }), ['tbody', 0]],
  addProseMirrorPlugins: () => [tableEditing({ allowTableNodeSelection: false })],
  addKeyboardShortcuts() {
    const run = (cmd: (state: EditorState, dispatch?: (tr: Transaction) => void) => boolean) => () => cmd(this.editor.state, this.editor.view.dispatch)
    return {
      // Tab moves between cells inside a table; elsewhere it leaves the editor as usual
      Tab: () => isInTable(this.editor.state) && run(goToNextCell(1))(),
      'Shift-Tab': () => isInTable(this.editor.state) && run(goToNextCell(-1))(),
    }
  },
})

export const TableRow = Node.create({
  name: 'tableRow',
  content: '(tableCell | tableHeader)+',
  parseHTML: () => [{ tag: 'tr' }],
  renderHTML: ({ HTMLAttributes }) => ['tr', HTMLAttributes, 0],
})

export const TableCell = Node.create({
  name: 'tableCell',
  content: 'paragraph+',
  isolating: true,
  addAttributes: cellAttributes,
  parseHTML: () => [{ tag: 'td' }],
  renderHTML: ({ HTMLAttributes }) => ['td', HTMLAttributes, 0],
})

export const TableHeader = Node.create({
  name: 'tableHeader',
  content: 'paragraph+',
  isolating: true,
  addAttributes: cellAttributes,
  parseHTML: () => [{ tag: 'th' }],
  renderHTML: ({ HTMLAttributes }) => ['th', mergeAttributes(HTMLAttributes, { scope: 'col' }), 0],
})

export const TableExtensions = [TableRoles, Table, TableRow, TableCell, TableHeader]

type Cmd = (state: EditorState, dispatch?: (tr: Transaction) => void) => boolean

/** The table commands the toolbar offers while the cursor is in a table. */
export const TABLE_ACTIONS: { label: string; command: Cmd }[] = [
  { label: 'nr.client.table.addRow', command: addRowAfter },
  { label: 'nr.client.table.addColumn', command: addColumnAfter },
  { label: 'nr.client.table.headerRow', command: toggleHeader('row') },
  { label: 'nr.client.table.deleteRow', command: deleteRow },
  { label: 'nr.client.table.deleteColumn', command: deleteColumn },
  { label: 'nr.client.table.deleteTable', command: deleteTable },
]

/** A new table: a header row and two rows of three empty cells. */
export function newTable() {
  const cells = (type: string) => Array.from({ length: 3 }, () => ({ type, content: [{ type: 'paragraph' }] }))
  return {
    type: 'table',
    content: [
      { type: 'tableRow', content: cells('tableHeader') },
      { type: 'tableRow', content: cells('tableCell') },
      { type: 'tableRow', content: cells('tableCell') },
    ],
  }
}

export { isInTable }
