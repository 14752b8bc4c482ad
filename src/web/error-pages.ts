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
  return async (_request: FastifyRequest, e: { status: number; message: string; code: string }) => {
    const frame = await chrome.forPage().catch(() => fallbackChrome(siteUrl))
    const message =
      e.code === 'NOT_FOUND' || e.code === 'ARTICLE_NOT_FOUND' || e.code === 'SECTION_NOT_FOUND' || e.code === 'LINK_NOT_FOUND'
        ? notFoundMessage(e.code)
        : e.message
    return errorPage(frame, pageAssets, { status: e.status, title: TITLES[e.status] ?? 'Error', message }).value
  }
}

function notFoundMessage(code: string): string {
  if (code === 'ARTICLE_NOT_FOUND') return 'We could not find that article. It may have moved or been unpublished. Try the front page or the section it was in.'
  if (code === 'LINK_NOT_FOUND') return 'There is no short link at this address. Check that it was copied whole, or start again from the front page.'
  if (code === 'SECTION_NOT_FOUND') return 'There is no section at this address. The sections are listed at the top of every page.'
  return 'There is nothing at this address. Check the link, or start again from the front page.'
}
