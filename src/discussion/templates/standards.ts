import { html, join, type SafeHtml } from '../../web/html.ts'
import { layout } from '../../web/layout.ts'
import type { Chrome } from '../../web/view-models.ts'
import { timeView } from '../../web/view-models.ts'
import { speaksEnglish } from '../../web/i18n.ts'
import { tHtml } from '../../web/i18n-html.ts'
import type { CommunityStandards } from '../standards-store.ts'

/** Plain text as paragraphs (blank lines) and line breaks; everything escaped. */
export function paragraphs(text: string): SafeHtml {
  return join(
    text
      .split(/\n\s*\n/)
      .filter((p) => p.trim())
      .map((p) => html`<p>${join(p.trim().split('\n'), html`<br>`)}</p>`),
  )
}

/** The community standards page: numbered sections that reports and moderators cite. */
export function standardsPage(
  chrome: Chrome,
  assets: { css: string; icon: string; script: string; viewer?: { name: string; staff: boolean } | undefined },
  s: CommunityStandards,
): SafeHtml {
  const tr = chrome.i18n
  const updated = s.updatedAt ? timeView(s.updatedAt, speaksEnglish(tr) ? undefined : tr) : undefined
  const main = html`<div class="text-page standards">
<h1>${tr.t('site.standards')}</h1>
${paragraphs(s.intro)}
${s.sections
  .filter((x) => !x.retired)
  .map(
    (x) => html`<section class="standards__section" id="s${x.number}" aria-labelledby="s${x.number}-h">
  <h2 id="s${x.number}-h"><span class="standards__number">${x.number}.</span> ${x.title}</h2>
  ${paragraphs(x.body)}
</section>`,
  )}
${updated ? html`<p class="standards__updated">${tHtml(tr, 'standards.updated', { time: html`<time datetime="${updated.iso}">${updated.display}</time>` })}</p>` : ''}
</div>`
  return layout({
    chrome,
    assets,
    title: `${tr.t('site.standards')} | ${chrome.siteName}`,
    canonicalUrl: `${chrome.siteUrl}${chrome.prefix}/community-standards`,
    description: tr.t('standards.description', { site: chrome.siteName }),
    main,
  })
}
