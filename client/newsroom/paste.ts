/**
 * Clipboard HTML from Word and Google Docs, tidied before the editor's schema reads it: Google
 * Docs' outer <b id="docs-internal-guid-…" style="font-weight:normal"> unwrapped (its spans keep
 * their own bold and italic), Word's <o:p>, list bullets, title and heading paragraphs, footnote
 * links and empty paragraphs; a table's <caption> kept as an attribute, and a first row that is
 * all bold (how both mark headings) made a header row. Formatting that lives in style attributes
 * (Google Docs' font-weight:700, font-style:italic, vertical-align:super) becomes tags, and the
 * style attributes go: the page's Content-Security-Policy would drop them before the editor's
 * parser could read them.
 */
export function cleanPastedHtml(source: string): string {
  const doc = new DOMParser().parseFromString(source, 'text/html')
  const body = doc.body
  removeComments(body)
  for (const el of body.querySelectorAll('style, meta, link, title, script, xml')) el.remove()
  for (const b of body.querySelectorAll('b[id^="docs-internal-guid"]')) unwrap(b)
  wordMarkup(body)
  for (const table of body.querySelectorAll('table')) tidyTable(table)
  stylesToTags(body)
  // Google Docs puts <br> between blocks; empty paragraphs are Word's spacing
  for (const br of body.querySelectorAll('br')) if (br.parentElement === body || isBlockSibling(br)) br.remove()
  for (const p of body.querySelectorAll('p, h1, h2, h3, h4, h5, h6'))
    if (p.textContent?.replace(/[\s\u00a0]/g, '') === '' && !p.querySelector('img')) p.remove()
  return body.innerHTML
}

const styleOf = (el: Element, prop: string) =>
  new RegExp(`(?:^|;)\\s*${prop}\\s*:\\s*([^;]+)`, 'i')
    .exec(el.getAttribute('style') ?? '')?.[1]
    ?.trim()
    .toLowerCase() ?? ''

function stylesToTags(body: HTMLElement) {
  for (const el of [...body.querySelectorAll<HTMLElement>('[style]')]) {
    // read from the attribute: under the page's CSP even a parsed document's el.style stays empty
    const fontWeight = styleOf(el, 'font-weight')
    const fontStyle = styleOf(el, 'font-style')
    const verticalAlign = styleOf(el, 'vertical-align')
    const normal = fontWeight === 'normal' || (Number(fontWeight) > 0 && Number(fontWeight) < 600)
    if (/^(B|STRONG)$/.test(el.tagName) && normal) {
      unwrap(el)
      continue
    }
    const wrappers = [
      !/^(B|STRONG|H\d|TH)$/.test(el.tagName) && (fontWeight === 'bold' || fontWeight === 'bolder' || Number(fontWeight) >= 600) ? 'strong' : '',
      !/^(I|EM)$/.test(el.tagName) && fontStyle === 'italic' ? 'em' : '',
      verticalAlign === 'super' ? 'sup' : verticalAlign === 'sub' ? 'sub' : '',
    ].filter(Boolean)
    for (const tag of wrappers) {
      const wrapper = el.ownerDocument.createElement(tag)
      wrapper.append(...el.childNodes)
      el.append(wrapper)
    }
  }
  for (const el of body.querySelectorAll('[style]')) el.removeAttribute('style')
}

function removeComments(root: Node) {
  const walker = root.ownerDocument!.createTreeWalker(root, NodeFilter.SHOW_COMMENT)
  const comments: Node[] = []
  while (walker.nextNode()) comments.push(walker.currentNode)
  for (const c of comments) c.parentNode?.removeChild(c)
}

function unwrap(el: Element) {
  el.replaceWith(...el.childNodes)
}

function rename(el: Element, tag: string): Element {
  const next = el.ownerDocument.createElement(tag)
  for (const name of ['colspan', 'rowspan']) if (el.hasAttribute(name)) next.setAttribute(name, el.getAttribute(name)!)
  next.append(...el.childNodes)
  el.replaceWith(next)
  return next
}

const isBlockSibling = (br: Element) => {
  const near = [br.previousElementSibling, br.nextElementSibling]
  return near.some((n) => n && /^(P|H[1-6]|UL|OL|TABLE|DIV)$/.test(n.tagName))
}

const wordClass = (el: Element) => el.getAttribute('class') ?? ''

function wordMarkup(body: HTMLElement) {
  // <o:p>&nbsp;</o:p> and other Office namespaces: keep any words, drop the element
  for (const el of [...body.querySelectorAll('*')].filter((e) => e.tagName.includes(':'))) {
    if (el.tagName.toLowerCase() === 'o:p' && el.textContent?.replace(/[\s\u00a0]/g, '') === '') el.remove()
    else unwrap(el)
  }
  // the bullet or number Word writes as text: remembered (it tells a numbered list) and dropped
  for (const el of body.querySelectorAll<HTMLElement>('[style*="mso-list:Ignore" i], [style*="mso-list: Ignore" i]')) {
    const p = el.closest('p')
    if (p && p.dataset.marker === undefined) p.dataset.marker = el.textContent?.replace(/[\s\u00a0]/g, '') ?? ''
    el.remove()
  }
  for (const a of body.querySelectorAll('a[href^="#_ftn"], a[href^="#_edn"], a[name^="_ftn"], a[name^="_edn"]')) unwrap(a)
  for (const el of body.querySelectorAll('.MsoFootnoteReference, .MsoEndnoteReference')) if (!el.closest('sup')) rename(el, 'sup')
  for (const p of body.querySelectorAll('p')) {
    if (/^Mso(Title|Subtitle|Heading\d*)$/i.test(wordClass(p))) rename(p, 'h2')
  }
  wordLists(body)
}

// Word writes a list as paragraphs with "mso-list" in their style and the bullet or number as text
function wordLists(body: HTMLElement) {
  const isItem = (el: Element | null): el is HTMLElement => !!el && el.tagName === 'P' && /mso-list:\s*l\d/i.test(el.getAttribute('style') ?? '')
  for (const p of [...body.querySelectorAll('p')]) {
    if (!isItem(p) || !p.isConnected) continue
    const items: HTMLElement[] = [p]
    for (let n = p.nextElementSibling; isItem(n); n = n.nextElementSibling) items.push(n)
    const marker = p.dataset.marker ?? ''
    const ordered = /^[\da-z]+[.)]$/i.test(marker) || /MsoListNumber/i.test(wordClass(p))
    const list = p.ownerDocument.createElement(ordered ? 'ol' : 'ul')
    p.before(list)
    for (const item of items) {
      const li = p.ownerDocument.createElement('li')
      const para = p.ownerDocument.createElement('p')
      para.append(...item.childNodes)
      li.append(para)
      list.append(li)
      item.remove()
    }
  }
}

const BOLD = (el: Element | null): boolean => {
  for (let e = el; e && !/^T[DH]$/.test(e.tagName); e = e.parentElement) {
    if (/^(B|STRONG)$/.test(e.tagName) && !/font-weight:\s*normal/i.test(e.getAttribute('style') ?? '')) return true
    const w = styleOf(e, 'font-weight')
    if (w) return w === 'bold' || Number(w) >= 600
  }
  return false
}

function tidyTable(table: HTMLTableElement) {
  const caption = table.querySelector('caption')
  if (caption) {
    table.dataset.caption = caption.textContent?.trim() ?? ''
    caption.remove()
  }
  const first = table.rows[0]
  if (!first || first.querySelector('th') || table.tHead) return
  const cells = [...first.cells]
  const allBold = cells.every((cell) => {
    const texts = textNodes(cell).filter((t) => t.data.trim() !== '')
    return texts.length > 0 && texts.every((t) => BOLD(t.parentElement))
  })
  if (allBold) for (const cell of cells) rename(cell, 'th')
}

function textNodes(root: Node): Text[] {
  const walker = root.ownerDocument!.createTreeWalker(root, NodeFilter.SHOW_TEXT)
  const out: Text[] = []
  while (walker.nextNode()) out.push(walker.currentNode as Text)
  return out
}
