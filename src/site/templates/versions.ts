import { renderBody } from '../../web/body.ts'
import { fieldDiffsHtml } from '../../web/diff.ts'
import { html, type SafeHtml } from '../../web/html.ts'
import { layout } from '../../web/layout.ts'
import type { PageContext } from '../../web/pages.ts'
import type { TimeView } from '../../web/view-models.ts'
import type { VersionComparePage, VersionPage, VersionsPage } from '../site-service.ts'

const KIND_LABEL: Record<string, string> = {
  publish: 'First published',
  republish: 'Published again',
  update: 'Updated',
  correction: 'Corrected',
  import: 'Published',
  migration: 'As first recorded',
}

const timeEl = (t: TimeView) => html`<time datetime="${t.iso}">${t.display}</time>`

const back = (a: VersionsPage['article']) =>
  html`<p class="section-label"><a href="${a.section.href}">${a.section.name}</a></p><p class="versions__back"><a href="${a.path}">Back to the article as it stands</a></p>`

/** Every published version of an article: when, and what changed, each viewable and comparable. */
export function versionsPage(p: VersionsPage, assets: PageContext): SafeHtml {
  const a = p.article
  const main = html`<div class="versions">
  ${back(a)}
  <h1>Versions of “${a.headline}”</h1>
  <p class="versions__intro">Every version of this article readers have been shown, oldest first. Published versions are never changed: each records a fingerprint (SHA-256) of its content and of the version before it.</p>
  <ol class="versions__list">${p.versions.map(
    (v, i) => html`<li id="v${v.number}">
    <p><a href="${v.href}"><strong>Version ${v.number}</strong></a> · ${KIND_LABEL[v.kind] ?? v.kind} ${timeEl(v.time)}</p>
    ${v.note ? html`<p class="versions__note">${v.note}</p>` : ''}
    ${i > 0 ? html`<p><a href="${a.path}/versions/compare?from=${p.versions[i - 1]!.number}&amp;to=${v.number}">What changed from version ${p.versions[i - 1]!.number}</a></p>` : ''}
  </li>`,
  )}</ol>
  ${
    p.versions.length > 1
      ? compareForm(
          a.path,
          p.versions.map((v) => v.number),
          p.versions[0]!.number,
          p.versions.at(-1)!.number,
        )
      : ''
  }
</div>`
  return layout({ chrome: p.chrome, title: `Versions: ${a.headline} | ${p.chrome.siteName}`, assets, main, robots: 'noindex' })
}

function compareForm(path: string, numbers: number[], from: number, to: number): SafeHtml {
  const select = (name: string, label: string, selected: number) =>
    html`<label>${label} <select name="${name}">${numbers.map((n) => html`<option value="${n}"${n === selected ? html` selected` : ''}>Version ${n}</option>`)}</select></label>`
  return html`<form class="versions__compare" method="get" action="${path}/versions/compare">
  <h2>Compare two versions</h2>
  ${select('from', 'From', from)} ${select('to', 'to', to)} <button type="submit">Compare</button>
</form>`
}

/** One version as readers were shown it, marked plainly as a past version when it is not the latest. */
export function versionPage(p: VersionPage, assets: PageContext): SafeHtml {
  const a = p.article
  const v = p.version
  const c = v.content
  const dateline = c.dateline
    ? [c.dateline.place, c.dateline.dateText].filter(Boolean).join(', ') + (c.dateline.agency ? ` (${c.dateline.agency})` : '')
    : undefined
  const main = html`<div class="versions">
  ${back(a)}
  <div class="versions__banner" role="note">
    <p><strong>Version ${v.number} of ${p.of}</strong> · ${KIND_LABEL[v.kind] ?? v.kind} ${timeEl(v.time)}${v.note ? html` · ${v.note}` : ''}</p>
    <p>${v.number === p.of ? 'This is what readers are shown now.' : 'This is a past version: readers are shown a later one.'} <a href="${p.versionsHref}">All versions</a>${p.previousHref ? html` · <a href="${p.previousHref}">What changed from version ${v.number - 1}</a>` : ''}</p>
    <p class="versions__hash">Fingerprint <code>${v.hash}</code>${v.previousHash ? html`, after <code>${v.previousHash}</code>` : ''}</p>
  </div>
  <article class="article article--version" aria-labelledby="headline">
    <header class="article__header">
      <h1 id="headline" class="article__headline">${c.headline}</h1>
      <p class="article__lead">${c.lead}</p>
      ${c.bylines.length ? html`<p class="byline">By ${c.bylines.map((b) => b.name).join(', ')}</p>` : ''}
    </header>
    <div class="article__body">${renderBody(c.body, dateline, p.chrome.lang, { byId: p.pictures })}</div>
    ${c.tags.length ? html`<p class="tags"><span class="visually-hidden">Tags: </span>${c.tags.map((t) => html`<span class="tag">${t}</span> `)}</p>` : ''}
    ${c.corrections.length ? html`<section class="corrections"><h2 class="rule-heading">Corrections</h2><ol>${c.corrections.map((x) => html`<li><time datetime="${x.at}">${x.at.slice(0, 16).replace('T', ' ')} GMT</time>: ${x.text}</li>`)}</ol></section>` : ''}
  </article>
</div>`
  return layout({ chrome: p.chrome, title: `Version ${v.number}: ${c.headline} | ${p.chrome.siteName}`, assets, main, robots: 'noindex' })
}

/** Two versions compared word by word, field by field, paragraph breaks kept. */
export function versionComparePage(p: VersionComparePage, assets: PageContext): SafeHtml {
  const a = p.article
  const main = html`<div class="versions">
  ${back(a)}
  <h1>What changed in “${a.headline}”</h1>
  <p>From <a href="${p.from.href}">version ${p.from.number}</a> (${timeEl(p.from.time)}) to <a href="${p.to.href}">version ${p.to.number}</a> (${timeEl(p.to.time)})${p.to.note ? html`: ${p.to.note}` : ''}.</p>
  <p class="diff-legend"><ins>Added words</ins> and <del>removed words</del> are marked; ¶ marks a paragraph break added or removed; **bold**, _italic_, [links](…) and quoted speakers [in brackets] are shown as written.</p>
  ${fieldDiffsHtml(p.fields)}
  ${compareForm(a.path, p.choices, p.from.number, p.to.number)}
  <p><a href="${p.versionsHref}">All versions</a></p>
</div>`
  return layout({ chrome: p.chrome, title: `Changes: ${a.headline} | ${p.chrome.siteName}`, assets, main, robots: 'noindex' })
}
