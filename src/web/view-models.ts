import type { Block } from '../content/blocks.ts'
import type { ArticleSummary, Edition, Section, TextDirection } from '../content/types.ts'
import { ENGLISH, translatorFor, type Translator } from './i18n.ts'
import type { SafeHtml } from './html.ts'
import type { Picture } from './picture.ts'
import { articlePath, formatGmt, isoTime, sectionPath } from './format.ts'

/** What every public page's frame shows. */
export interface Chrome {
  siteName: string
  siteUrl: string
  nav: { name: string; href: string; current: boolean }[]
  /** The page's language (html lang) and direction (html dir). */
  lang: string
  dir: TextDirection
  /** The edition's URL prefix: '' at the root, "/ru" for the Russian edition. */
  prefix: string
  /** The edition's messages, dates and numbers. */
  i18n: Translator
  /** Every edition, for the edition switcher (the current one marked). */
  editions: { code: string; name: string; lang: string; href: string; current: boolean }[]
  /** Markup other modules put at the right of the header (the Listen Live player). */
  headerTools?: SafeHtml | undefined
}

export interface TimeView {
  iso: string
  display: string
}

export interface ArticleCard {
  headline: string
  href: string
  lead: string
  section: { name: string; href: string } | undefined
  time: TimeView
  /** The lead picture, when it is from the media library (and its licence has not passed). */
  image?: { picture: Picture; alt: string } | undefined
}

export interface QuotedPerson {
  speaker: string
  quotes: number
  sources: string[]
}

export interface ArticleView {
  id: number
  headline: string
  lead: string
  canonicalUrl: string
  path: string
  section: { name: string; href: string }
  published: TimeView
  updated: TimeView | undefined
  dateline: string | undefined
  body: Block[]
  authors: { name: string }[]
  tags: { name: string }[]
  /** Each correction, with a link to the version it corrected when that is known. */
  corrections: { text: string; time: TimeView; correctedHref?: string | undefined }[]
  /** How many published versions there are (a Versions link shows from two on). */
  versions: number
  versionsHref: string
  /** The story in other editions ("Read in: Русский · العربية"). */
  readIn: { name: string; lang: string; href: string; headline: string }[]
  quoted: QuotedPerson[]
  related: { headline: string; href: string | undefined }[]
}

/** A time for a <time> element: shown in the edition's zone, style and digits (the seed's GMT line without one). */
export function timeView(date: Date, tr?: Translator): TimeView {
  return { iso: isoTime(date), display: tr ? tr.timestamp(date) : formatGmt(date) }
}

export function buildChrome(options: {
  siteName: string
  siteUrl: string
  sections: Section[]
  currentSectionId?: number | undefined
  edition?: Edition
  editions?: Edition[]
}): Chrome {
  const top = options.sections.filter((s) => s.parentId === null)
  const current = options.sections.find((s) => s.id === options.currentSectionId)
  const i18n = options.edition ? translatorFor(options.edition) : ENGLISH
  return {
    siteName: options.siteName,
    siteUrl: options.siteUrl,
    lang: i18n.lang,
    dir: i18n.dir,
    prefix: options.edition?.prefix ?? '',
    i18n,
    editions: (options.editions ?? []).map((e) => ({
      code: e.code,
      name: e.name,
      lang: e.locale,
      href: `${e.prefix}/`,
      current: e.id === options.edition?.id,
    })),
    // Top-level sections, each followed by its children: "World · Asia & Pacific · Europe · Business".
    nav: top.flatMap((t) =>
      [t, ...options.sections.filter((c) => c.parentId === t.id)].map((s) => ({
        name: s.name,
        href: sectionPath(s),
        current: s.id === current?.id,
      })),
    ),
  }
}

/** The ids of the media-library lead pictures of these articles (for one lookup before building their cards). */
export function leadMediaIds(list: Pick<ArticleSummary, 'leadImage'>[]): number[] {
  return [...new Set(list.flatMap((a) => (a.leadImage?.mediaId !== undefined ? [a.leadImage.mediaId] : [])))]
}

export function articleCard(a: ArticleSummary, sectionsById: Map<number, Section>, pictures?: Map<number, Picture>, tr?: Translator): ArticleCard | undefined {
  const section = sectionsById.get(a.sectionId)
  if (!section) return undefined
  const picture = a.leadImage?.mediaId !== undefined ? pictures?.get(a.leadImage.mediaId) : undefined
  return {
    ...(picture ? { image: { picture, alt: a.leadImage!.alt || picture.alt } } : {}),
    headline: a.headline,
    href: articlePath(section, a),
    lead: a.lead,
    section: { name: section.name, href: sectionPath(section) },
    time: timeView(a.publishedAt, tr),
  }
}

/** "MOSCOW, December 24 (Sputnik)" from the structured dateline. */
export function formatDateline(d: { place: string; dateText: string | null; agency: string | null } | null): string | undefined {
  if (!d) return undefined
  return `${d.place}${d.dateText ? `, ${d.dateText}` : ''}${d.agency ? ` (${d.agency})` : ''}`
}

/** Who is quoted in a body and through which outlets, in order of first appearance. */
export function quotedPeople(body: Block[]): QuotedPerson[] {
  const people = new Map<string, QuotedPerson>()
  const add = (speaker: string | undefined, source: string | undefined) => {
    if (!speaker) return
    const p = people.get(speaker) ?? { speaker, quotes: 0, sources: [] }
    p.quotes++
    if (source && !p.sources.includes(source)) p.sources.push(source)
    people.set(speaker, p)
  }
  for (const block of body) {
    if (block.type === 'quote') add(block.speaker, block.source)
    if (block.type === 'paragraph') {
      for (const run of block.content) for (const m of run.marks ?? []) if (m.type === 'quote') add(m.speaker, m.source)
    }
  }
  return [...people.values()]
}
