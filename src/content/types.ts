import type { ArticleStatus } from '../db/schema.ts'
import type { Body, ImageBlock } from './blocks.ts'

export type { ArticleStatus }
export const ARTICLE_STATUSES: readonly ArticleStatus[] = ['draft', 'review', 'scheduled', 'published', 'unpublished']

export type TextDirection = 'ltr' | 'rtl'
export type DateStyle = 'wire' | 'long' | 'numeric'

/** A language/region site: its own home, sections, feeds, search and standards under a URL prefix. */
export interface Edition {
  id: number
  code: string
  name: string
  /** BCP 47 locale of its pages ("en-GB", "ru-RU", "ar"): html lang, hreflang, dates and numbers. */
  locale: string
  /** Its language ("en", "ru", "ar", "zh"). */
  language: string
  region: string | null
  timeZone: string
  searchConfig: string
  direction: TextDirection
  /** Digits of dates and numbers: "latn", "arab" (Arabic-Indic), "arabext" (Persian), "deva"… */
  numberingSystem: string
  dateStyle: DateStyle
  /** Slugs in the edition's own script, or transliterated to ASCII. */
  slugStyle: 'unicode' | 'ascii'
  isDefault: boolean
  position: number
  /** Where its pages are: '' for the default edition (the site's root), "/ru" for the others. */
  prefix: string
}

export interface Section {
  id: number
  editionId: number
  parentId: number | null
  slug: string
  name: string
  description: string
  position: number
  /** URL path without slashes at either end: "world" or "world/asia-pacific". */
  path: string
  /** The URL prefix of its edition ('' for the default edition, "/ru" for others). */
  prefix?: string
}

export interface Person {
  id: number
  displayName: string
  slug: string | null
}

export interface Tag {
  id: number
  slug: string
  name: string
}

export interface Dateline {
  place: string
  dateText: string | null
  agency: string | null
}

export interface Article {
  id: number
  editionId: number
  sectionId: number
  slug: string
  headline: string
  headlineNeedsReview: boolean
  lead: string
  dateline: Dateline | null
  body: Body
  status: ArticleStatus
  firstPublishedAt: Date | null
  publishedAt: Date | null
  updatedAt: Date | null
  scheduledFor: Date | null
  baseCommentCount: number
  baseViewCount: number
  sourceKey: string | null
  createdAt: Date
  modifiedAt: Date
  createdBy: number | null
  version: number
}

/** A related pin: another article, or only a headline (from an import) that may match one later. */
export interface RelatedPin {
  position: number
  targetArticleId: number | null
  headline: string | null
}

export interface Correction {
  id: number
  text: string
  createdAt: Date
  /** The published version it corrected (readers can open it from the correction). */
  correctsVersion: number | null
}

/** An article with what its page shows besides its own fields. */
export interface ArticleDetail extends Article {
  section: Section
  tags: Tag[]
  authors: Person[]
  related: RelatedPin[]
  corrections: Correction[]
}

/** A published article as listed on home and section pages. */
export interface ArticleSummary {
  id: number
  sectionId: number
  slug: string
  headline: string
  lead: string
  firstPublishedAt: Date
  publishedAt: Date
  updatedAt: Date | null
  /** The lead picture: the body's first image block (cards show it when it is from the media library). */
  leadImage?: ImageBlock | undefined
}
