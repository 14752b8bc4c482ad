import type { FastifyRequest } from 'fastify'
import type { ChromeService } from './chrome.ts'
import { speaksEnglish, type MessageKey, type Translator } from './i18n.ts'
import { errorPage, fallbackChrome, type PageContext } from './pages.ts'

const TITLES: Record<number, MessageKey> = {
  400: 'error.400',
  401: 'error.401',
  403: 'error.403',
  404: 'error.404',
  405: 'error.403',
  410: 'error.410',
  413: 'error.413',
  422: 'error.422',
  429: 'error.429',
  500: 'error.500',
  503: 'error.503',
}

/** Renders error pages with the site's chrome (in the edition's language), falling back to a bare frame if the database is down. */
export function errorPages(chrome: ChromeService, pageAssets: PageContext, siteUrl: string) {
  return async (request: FastifyRequest, e: { status: number; message: string; code: string }) => {
    const frame = await chrome.forPage().catch(() => fallbackChrome(siteUrl))
    const tr = frame.i18n
    const notFound = e.code in NOT_FOUND
    const message = notFound ? tr.t(NOT_FOUND[e.code]![1]) : otherMessage(tr, e)
    // what was not found, and where: the address as the reader typed it (escaped by the template)
    const asked = notFound ? shownPath(request.url) : undefined
    const titleKey = notFound ? NOT_FOUND[e.code]![0] : TITLES[e.status]
    return errorPage(frame, pageAssets, {
      status: e.status,
      title: tr.t(titleKey ?? 'error.title'),
      message,
      ...(asked ? { asked } : {}),
    }).value
  }
}

/** The title and message of each kind of "not found". */
const NOT_FOUND: Record<string, [MessageKey, MessageKey]> = {
  NOT_FOUND: ['error.404', 'error.notFound.page'],
  ARTICLE_NOT_FOUND: ['error.articleNotFound', 'error.notFound.article'],
  SECTION_NOT_FOUND: ['error.sectionNotFound', 'error.notFound.section'],
  LINK_NOT_FOUND: ['error.linkNotFound', 'error.notFound.link'],
}

/**
 * Another error's message: the error's own words in English; in other languages a message of its
 * kind from the catalogue (the errors' own messages are written in English).
 */
function otherMessage(tr: Translator, e: { status: number; message: string }): string {
  if (speaksEnglish(tr)) return e.message
  if (e.status === 429) return tr.t('error.message.429')
  return tr.t(e.status >= 500 ? 'error.message.5xx' : 'error.message.4xx')
}

/** The path part of a request URL, decoded where it decodes, cut to a readable length. */
function shownPath(url: string): string {
  const path = url.split('?')[0] ?? '/'
  let shown = path
  try {
    shown = decodeURI(path)
  } catch {
    /* keep it encoded */
  }
  return [...shown].length > 120 ? `${[...shown].slice(0, 120).join('')}…` : shown
}
