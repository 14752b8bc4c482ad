import { html, type SafeHtml } from '../web/html.ts'
import { layout } from '../web/layout.ts'
import type { PageContext } from '../web/pages.ts'
import type { Chrome } from '../web/view-models.ts'
import type { LivePageView, PlayerView } from './view-models.ts'

/**
 * The header's live player. Without JavaScript it is a link to the /live page; the script turns
 * it into a real button and a mini-player. Turbo keeps this element (same id, data-turbo-permanent)
 * across in-site navigation, so the audio inside it keeps playing.
 */
export function livePlayer(p: PlayerView): SafeHtml {
  return html`<div id="live-player" class="live-player" data-turbo-permanent data-live-player data-station="${p.slug}" data-name="${p.name}" data-href="${p.href}" data-events="${p.eventsUrl}" data-streams="${JSON.stringify(p.streams)}">
  <a class="live-button" href="${p.href}" data-live-toggle><span class="live-button__icon" aria-hidden="true"></span><span class="live-button__text">Listen Live</span></a>
</div>`
}

/**
 * The header's Listen Live button when no station is on the air yet (a fresh site): still there,
 * where readers expect it, saying "Off air" and leading to /live, which says the same.
 */
export function offAirPlayer(): SafeHtml {
  return html`<div id="live-player" class="live-player live-player--off-air" data-turbo-permanent>
  <a class="live-button live-button--off-air" href="/live"><span class="live-button__icon" aria-hidden="true"></span><span class="live-button__text">Listen Live</span> <span class="live-button__state">Off air</span></a>
</div>`
}

/** /live on a site without a station: off air, plainly. */
export function offAirPage(chrome: Chrome, assets: PageContext): SafeHtml {
  const main = html`<div class="live-page">
  <p class="section-label">Live radio</p>
  <h1 class="live-page__title">${chrome.siteName} Radio</h1>
  <section class="live-now" aria-labelledby="on-now-h">
    <h2 id="on-now-h" class="rule-heading">On now</h2>
    <p class="live-now__programme live-now__off">Off air. ${chrome.siteName} is not broadcasting at the moment; when it is, the Listen Live button at the top of every page plays it.</p>
  </section>
</div>`
  return layout({
    chrome,
    title: `Live radio: off air | ${chrome.siteName}`,
    description: `${chrome.siteName} live radio is off air.`,
    assets,
    main,
    bodyClass: 'page-live',
  })
}

function programme(p: { show: string; host: string }): SafeHtml {
  return html`<strong class="programme__show">${p.show}</strong>${p.host ? html` <span class="programme__host">with ${p.host}</span>` : ''}`
}

/** The /live page: the station, what is on now and next, the week's schedule, the player. */
export function livePage(chrome: Chrome, assets: PageContext, v: LivePageView): SafeHtml {
  const s = v.station
  const main = html`<div class="live-page">
  <p class="section-label">Live radio</p>
  <h1 class="live-page__title">${s.name}</h1>
  ${s.description ? html`<p class="live-page__description">${s.description}</p>` : ''}
  <section class="live-now" aria-labelledby="on-now-h">
    <h2 id="on-now-h" class="rule-heading">On now</h2>
    ${
      v.onNow
        ? html`<p class="live-now__programme">${programme(v.onNow)} <span class="live-now__time">${v.onNow.label}</span></p>
    ${v.onNow.description ? html`<p class="live-now__description">${v.onNow.description}</p>` : ''}`
        : html`<p class="live-now__programme">No programme is scheduled right now${v.next ? html`; next is ${programme(v.next)}, ${v.next.day} ${v.next.label}` : ''}.</p>`
    }
    <p class="live-now__track" data-live-track="${s.slug}"${v.nowPlaying?.title ? '' : html` hidden`}>Now playing: <span data-live-track-title>${v.nowPlaying?.title ?? ''}</span></p>
    ${v.offAir ? html`<p class="live-now__off">The stream is off air at the moment.</p>` : ''}
    <div class="live-page__listen">
      <button type="button" class="live-button live-page__play" data-live-play="${s.slug}" data-live-for="${JSON.stringify(v.player)}" hidden><span class="live-button__icon" aria-hidden="true"></span> Listen to ${s.name} live</button>
      <audio class="live-page__audio" controls preload="none" data-live-fallback aria-label="${s.name}, live">
        ${v.player.streams.map((st) => html`<source src="${st.url}" type="${st.type}">`)}
        <a href="${v.player.streams[0]?.url ?? ''}">Open the live stream</a>
      </audio>
    </div>
  </section>
  ${
    v.onNow && v.next
      ? html`<section class="live-next" aria-labelledby="next-h">
    <h2 id="next-h" class="rule-heading">Next</h2>
    <p>${programme(v.next)} <span class="live-now__time">${v.next.day} ${v.next.label}</span></p>
  </section>`
      : ''
  }
  <section class="live-week" aria-labelledby="week-h">
    <h2 id="week-h" class="rule-heading">This week’s schedule</h2>
    ${
      v.week.every((d) => d.programmes.length === 0)
        ? html`<p>No programmes are scheduled; the stream plays around the clock.</p>`
        : html`<p class="live-week__zone">${v.timeZone.abbreviation === v.timeZone.name ? `Times are in ${v.timeZone.name}.` : `Times are ${v.timeZone.name} time (${v.timeZone.abbreviation} now).`}</p>
    <div class="live-week__days">${v.week.map(
      (d) => html`<section class="live-day${d.today ? ' live-day--today' : ''}" aria-labelledby="day-${d.name}">
      <h3 id="day-${d.name}">${d.name}${d.today ? html` <span class="live-day__today">Today</span>` : ''}</h3>
      ${
        d.programmes.length
          ? html`<ul class="plain-list">${d.programmes.map(
              (p) =>
                html`<li class="live-slot"${p.current ? html` aria-current="true"` : ''}><span class="live-slot__time">${p.time}</span> ${programme(p)}${p.current ? html` <span class="live-slot__now">On now</span>` : ''}${p.description ? html`<span class="live-slot__description">${p.description}</span>` : ''}</li>`,
            )}</ul>`
          : html`<p class="live-day__empty">No programmes</p>`
      }
    </section>`,
    )}</div>`
    }
  </section>
  ${
    v.others.length
      ? html`<nav class="live-others" aria-labelledby="others-h"><h2 id="others-h" class="rule-heading">Other stations</h2><ul>${v.others.map((o) => html`<li><a href="${o.href}">${o.name}</a></li>`)}</ul></nav>`
      : ''
  }
</div>`
  return layout({
    chrome,
    title: `${s.name}: listen live | ${chrome.siteName}`,
    description: `Listen to ${s.name} live, and see what is on now and this week.`,
    assets,
    main,
    bodyClass: 'page-live',
  })
}
