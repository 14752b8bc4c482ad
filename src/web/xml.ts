/**
 * A small XML writer that escapes every text node and attribute value exactly once.
 *
 * Why not xmlbuilder2: its writer leaves an `&` alone when it looks like the start of an entity
 * (`&lt;`, `&#60;`), so HTML that we had already escaped (`&lt;img onerror=…&gt;` in a reporter's
 * paragraph) came out of a feed as live markup once a feed reader parsed it. Here an `&` is always
 * `&amp;`: what goes in as text comes back out of any XML parser as the same text.
 */

export type XmlAttributes = Record<string, string | number | undefined>

// characters XML 1.0 cannot carry at all (C0 controls but tab/newline/return, lone surrogates, U+FFFE/U+FFFF)
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Text for an XML text node: `&`, `<`, `>` escaped, characters XML cannot carry dropped. */
export function xmlText(value: string): string {
  return value.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** Text for a double-quoted XML attribute value (whitespace kept as character references). */
export function xmlAttribute(value: string): string {
  return xmlText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;')
}

const NAME = /^[A-Za-z_][A-Za-z0-9._:-]*$/

function checkName(name: string): string {
  if (!NAME.test(name)) throw new Error(`not an XML name: ${JSON.stringify(name)}`)
  return name
}

/** An element being built: children are elements or text, in order. */
export class XmlElement {
  private readonly children: (XmlElement | string)[] = []
  private readonly attributes: [string, string][] = []

  constructor(
    readonly name: string,
    attributes: XmlAttributes = {},
    private readonly document?: XmlDocument,
  ) {
    checkName(name)
    for (const [key, value] of Object.entries(attributes)) if (value !== undefined) this.attributes.push([checkName(key), String(value)])
  }

  /** Appends a child element and returns it; `ele(namespace, name, attrs)` declares a default namespace. */
  ele(nameOrNamespace: string, attributesOrName?: XmlAttributes | string, maybeAttributes?: XmlAttributes): XmlElement {
    const child =
      typeof attributesOrName === 'string'
        ? new XmlElement(attributesOrName, { xmlns: nameOrNamespace, ...maybeAttributes }, this.document)
        : new XmlElement(nameOrNamespace, attributesOrName, this.document)
    this.children.push(child)
    return child
  }

  /** Appends text (escaped when written) and returns this element. */
  txt(text: string): this {
    this.children.push(text)
    return this
  }

  /** The whole document this element belongs to, as text. */
  end(options: { prettyPrint?: boolean } = {}): string {
    if (!this.document) throw new Error('element outside a document')
    return this.document.end(options)
  }

  /** Writes the element; `indent` pretty-prints elements whose children are all elements. */
  write(indent: string | undefined, depth = 0): string {
    const attrs = this.attributes.map(([k, v]) => ` ${k}="${xmlAttribute(v)}"`).join('')
    if (this.children.length === 0) return `<${this.name}${attrs}/>`
    const elementsOnly = indent !== undefined && this.children.every((c) => c instanceof XmlElement)
    const pad = elementsOnly ? `\n${indent.repeat(depth + 1)}` : ''
    const inner = this.children.map((c) => pad + (typeof c === 'string' ? xmlText(c) : c.write(elementsOnly ? indent : undefined, depth + 1))).join('')
    return `<${this.name}${attrs}>${inner}${elementsOnly ? `\n${indent.repeat(depth)}` : ''}</${this.name}>`
  }
}

/** A document with one root element. */
export class XmlDocument {
  root: XmlElement | undefined
  constructor(private readonly declaration: { version?: string; encoding?: string; standalone?: boolean }) {}

  /** Sets the root element (once) and returns it. */
  ele(nameOrNamespace: string, attributesOrName?: XmlAttributes | string, maybeAttributes?: XmlAttributes): XmlElement {
    if (this.root) throw new Error('an XML document has one root element')
    this.root =
      typeof attributesOrName === 'string'
        ? new XmlElement(attributesOrName, { xmlns: nameOrNamespace, ...maybeAttributes }, this)
        : new XmlElement(nameOrNamespace, attributesOrName, this)
    return this.root
  }

  end(options: { prettyPrint?: boolean } = {}): string {
    const d = this.declaration
    const decl = `<?xml version="${d.version ?? '1.0'}"${d.encoding ? ` encoding="${d.encoding}"` : ''}${d.standalone !== undefined ? ` standalone="${d.standalone ? 'yes' : 'no'}"` : ''}?>`
    return `${decl}\n${this.root?.write(options.prettyPrint ? '  ' : undefined) ?? ''}${options.prettyPrint ? '\n' : ''}`
  }
}

/** Starts an XML document (the subset of xmlbuilder2's `create` that Dateline uses). */
export function createXml(declaration: { version?: string; encoding?: string; standalone?: boolean } = {}): XmlDocument {
  return new XmlDocument(declaration)
}
