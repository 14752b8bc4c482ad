import type { EditionContexts } from '../content/edition-context.ts'
import type { SafeHtml } from './html.ts'
import type { Translator } from './i18n.ts'
import { buildChrome, type Chrome } from './view-models.ts'

/** Markup other modules put at the right of the header (the Listen Live player). */
export type HeaderTools = (editionId: number, edition?: { i18n: Translator; prefix: string }) => Promise<SafeHtml | undefined>

/** The frame every public page shares: the site's name, its navigation and the header's tools. */
export interface ChromeService {
  /** The chrome of a page in an edition (default: the first), with the current section marked. */
  forPage(options?: { editionCode?: string | undefined; currentSectionId?: number | undefined }): Promise<Chrome>
}

export function createChromeService(deps: { editions: EditionContexts; siteUrl: string; headerTools: () => HeaderTools | undefined }): ChromeService {
  return {
    async forPage(options = {}) {
      const [{ edition, sections }, editions] = await Promise.all([deps.editions.get(options.editionCode), deps.editions.list()])
      // Header tools keep their own cache (stations change apart from sections); a failure leaves them out.
      const tools = deps.headerTools()
      const built = buildChrome({ siteName: edition.name, siteUrl: deps.siteUrl, sections, currentSectionId: options.currentSectionId, edition, editions })
      return {
        ...built,
        headerTools: tools ? await tools(edition.id, { i18n: built.i18n, prefix: built.prefix }).catch(() => undefined) : undefined,
      }
    },
  }
}
