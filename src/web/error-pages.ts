import type { FastifyRequest } from 'fastify'
import type { ChromeService } from './chrome.ts'
import { errorPage, fallbackChrome, type PageContext } from './pages.ts'

const TITLES: Record<number, string> = {
  400: 'That request was not understood',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Page not found',
  405: 'Not allowed',
  410: 'Link expired',
  413: 'Too large',
  422: 'Not published',
  429: 'Too many requests',
  500: 'Something went wrong',
  503: 'Temporarily unavailable',
}

/** Renders error pages with the site's chrome, falling back to a bare frame if the database is down. */
export function errorPages(chrome: ChromeService, pageAssets: PageContext, siteUrl: string) {
  return async (request: FastifyRequest, e: { status: number; message: string; code: string }) => {
    const frame = await chrome.forPage().catch(() => fallbackChrome(siteUrl))
    const notFound = e.code in NOT_FOUND_TITLES
    const message = notFound ? notFoundMessage(e.code) : e.message
    // what was not found, and where: the address as the reader typed it (escaped by the template)
    const asked = notFound ? shownPath(request.url) : undefined
    return errorPage(frame, pageAssets, {
      status: e.status,
      title: NOT_FOUND_TITLES[e.code] ?? TITLES[e.status] ?? 'Error',
      message,
      ...(asked ? { asked } : {}),
    }).value
  }
}

const NOT_FOUND_TITLES: Record<string, string> = {
  NOT_FOUND: 'Page not found',
  ARTICLE_NOT_FOUND: 'Article not found',
  SECTION_NOT_FOUND: 'Section not found',
  LINK_NOT_FOUND: 'Short link not found',
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

function notFoundMessage(code: string): string {
  if (code === 'ARTICLE_NOT_FOUND') return 'We could not find that article. It may have moved or been unpublished. Try the front page or the section it was in.'
  if (code === 'LINK_NOT_FOUND') return 'There is no short link at this address. Check that it was copied whole, or start again from the front page.'
  if (code === 'SECTION_NOT_FOUND') return 'There is no section at this address. The sections are listed at the top of every page.'
  return 'There is nothing at this address. Check the link, or start again from the front page.'
}
