import { html, type SafeHtml } from '../web/html.ts'
import { ENGLISH, speaksEnglish, type Translator } from '../web/i18n.ts'
import { tHtml } from '../web/i18n-html.ts'
import { layout } from '../web/layout.ts'
import type { PageContext } from '../web/pages.ts'
import type { Chrome } from '../web/view-models.ts'
import { DAY_NAMES } from './schedule.ts'
import { weekdayName, type LivePageView, type PlayerView } from './view-models.ts'

/** What the header player's script says, in the edition's language ({name} etc. filled in by the script). */
export function playerWords(tr: Translator): Record<string, unknown> {
  const keep = (...names: string[]) => Object.fromEntries(names.map((n) => [n, `{${n}}`]))
  const days: Record<string, string> = {}
  if (!speaksEnglish(tr)) {
    days.Today = tr.t('live.today')
    days.Tomorrow = tr.t('live.tomorrow')
    for (const d of DAY_NAMES) {
      days[d] = weekdayName(tr, d)
      days[`Next ${d}`] = tr.t('live.nextWeekday', { day: weekdayName(tr, d) })
    }
  }
  return {
    listen: tr.t('live.listen'),
    badge: tr.t('live.player.badge'),
    volume: tr.t('live.player.volume'),
    pause: tr.t('live.player.pause'),
    play: tr.t('live.player.play'),
    listenTo: tr.t('live.player.listenTo', keep('name')),
    pauseStation: tr.t('live.player.pauseStation', keep('name')),
    panel: tr.t('live.player.panel', keep('name')),
    buffering: tr.t('live.player.buffering'),
    ended: tr.t('live.player.ended'),
    stalled: tr.t('live.player.stalled'),
    connecting: tr.t('live.player.connecting', keep('name')),
    paused: tr.t('live.player.paused'),
    pressPlay: tr.t('live.player.pressPlay'),
    playing: tr.t('live.player.playing', keep('name')),
    stationOff: tr.t('live.player.stationOff', keep('name')),
    unavailable: tr.t('live.player.unavailable'),
    retry: tr.pluralForms('live.player.retry'),
    onNow: tr.t('live.player.onNow', keep('show', 'time')),
    onNowWith: tr.t('live.player.onNowWith', keep('show', 'host', 'time')),
    next: tr.t('live.player.next', keep('show', 'day', 'time')),
    nowPlaying: tr.t('live.nowPlaying', keep('title')),
    days,
  }
}

/**
 * The header's live player. Without JavaScript it is a link to the /live page; the script turns
 * it into a real button and a mini-player, in the words (data-words) and digits (data-locale) of
 * the edition. Turbo keeps this element (same id, data-turbo-permanent) across in-site
 * navigation, so the audio inside it keeps playing.
 */
export function livePlayer(p: PlayerView, tr: Translator = ENGLISH): SafeHtml {
  return html`<div id="live-player" class="live-player" data-turbo-permanent data-live-player data-station="${p.slug}" data-name="${p.name}" data-href="${p.href}" data-events="${p.eventsUrl}" data-streams="${JSON.stringify(p.streams)}" data-locale="${tr.locale}" data-words="${JSON.stringify(playerWords(tr))}">
  <a class="live-button" href="${p.href}" data-live-toggle><span class="live-button__icon" aria-hidden="true"></span><span class="live-button__text">${tr.t('live.listen')}</span></a>
</div>`
}

/**
 * The header's Listen Live button when no station is on the air yet (a fresh site): still there,
 * where readers expect it, saying "Off air" and leading to /live, which says the same.
 */
export function offAirPlayer(tr: Translator = ENGLISH, prefix = ''): SafeHtml {
  return html`<div id="live-player" class="live-player live-player--off-air" data-turbo-permanent>
  <a class="live-button live-button--off-air" href="${prefix}/live"><span class="live-button__icon" aria-hidden="true"></span><span class="live-button__text">${tr.t('live.listen')}</span> <span class="live-button__state">${tr.t('live.offAir')}</span></a>
</div>`
}

/** /live on a site without a station: off air, plainly. */
export function offAirPage(chrome: Chrome, assets: PageContext): SafeHtml {
  const tr = chrome.i18n
  const main = html`<div class="live-page">
  <p class="section-label">${tr.t('live.label')}</p>
  <h1 class="live-page__title">${tr.t('live.radio', { site: chrome.siteName })}</h1>
  <section class="live-now" aria-labelledby="on-now-h">
    <h2 id="on-now-h" class="rule-heading">${tr.t('live.onNow')}</h2>
    <p class="live-now__programme live-now__off">${tr.t('live.offAirText', { site: chrome.siteName })}</p>
  </section>
</div>`
  return layout({
    chrome,
    title: `${tr.t('live.offAirTitle')} | ${chrome.siteName}`,
    description: tr.t('live.offAirDescription', { site: chrome.siteName }),
    assets,
    main,
    bodyClass: 'page-live',
  })
}

function programme(p: { show: string; host: string }, tr: Translator): SafeHtml {
  return html`<strong class="programme__show">${p.show}</strong>${p.host ? html` <span class="programme__host">${tr.t('live.with', { host: p.host })}</span>` : ''}`
}

/** The /live page: the station, what is on now and next, the week's schedule, the player. */
export function livePage(chrome: Chrome, assets: PageContext, v: LivePageView): SafeHtml {
  const tr = chrome.i18n
  const s = v.station
  const main = html`<div class="live-page">
  <p class="section-label">${tr.t('live.label')}</p>
  <h1 class="live-page__title">${s.name}</h1>
  ${s.description ? html`<p class="live-page__description">${s.description}</p>` : ''}
  <section class="live-now" aria-labelledby="on-now-h">
    <h2 id="on-now-h" class="rule-heading">${tr.t('live.onNow')}</h2>
    ${
      v.onNow
        ? html`<p class="live-now__programme">${programme(v.onNow, tr)} <span class="live-now__time">${v.onNow.label}</span></p>
    ${v.onNow.description ? html`<p class="live-now__description">${v.onNow.description}</p>` : ''}`
        : html`<p class="live-now__programme">${v.next ? tHtml(tr, 'live.noneNowNext', { programme: programme(v.next, tr) }, { day: v.next.day, time: v.next.label }) : tr.t('live.noneNow')}</p>`
    }
    <p class="live-now__track" data-live-track="${s.slug}"${v.nowPlaying?.title ? '' : html` hidden`}>${tHtml(tr, 'live.nowPlaying', { title: html`<span data-live-track-title>${v.nowPlaying?.title ?? ''}</span>` })}</p>
    ${v.offAir ? html`<p class="live-now__off">${tr.t('live.streamOff')}</p>` : ''}
    <div class="live-page__listen">
      <button type="button" class="live-button live-page__play" data-live-play="${s.slug}" data-live-for="${JSON.stringify(v.player)}" hidden><span class="live-button__icon" aria-hidden="true"></span> ${tr.t('live.listenTo', { station: s.name })}</button>
      <audio class="live-page__audio" controls preload="none" data-live-fallback aria-label="${tr.t('live.stationLive', { station: s.name })}">
        ${v.player.streams.map((st) => html`<source src="${st.url}" type="${st.type}">`)}
        <a href="${v.player.streams[0]?.url ?? ''}">${tr.t('live.openStream')}</a>
      </audio>
    </div>
  </section>
  ${
    v.onNow && v.next
      ? html`<section class="live-next" aria-labelledby="next-h">
    <h2 id="next-h" class="rule-heading">${tr.t('live.next')}</h2>
    <p>${programme(v.next, tr)} <span class="live-now__time">${v.next.day} ${v.next.label}</span></p>
  </section>`
      : ''
  }
  <section class="live-week" aria-labelledby="week-h">
    <h2 id="week-h" class="rule-heading">${tr.t('live.week')}</h2>
    ${
      v.week.every((d) => d.programmes.length === 0)
        ? html`<p>${tr.t('live.noProgrammes')}</p>`
        : html`<p class="live-week__zone">${v.timeZone.abbreviation === v.timeZone.name ? tr.t('live.zone', { zone: v.timeZone.name }) : tr.t('live.zoneNow', { zone: v.timeZone.name, abbreviation: v.timeZone.abbreviation })}</p>
    <div class="live-week__days">${v.week.map(
      (d) => html`<section class="live-day${d.today ? ' live-day--today' : ''}" aria-labelledby="day-${d.id}">
      <h3 id="day-${d.id}">${d.name}${d.today ? html` <span class="live-day__today">${tr.t('live.today')}</span>` : ''}</h3>
      ${
        d.programmes.length
          ? html`<ul class="plain-list">${d.programmes.map(
              (p) =>
                html`<li class="live-slot"${p.current ? html` aria-current="true"` : ''}><span class="live-slot__time">${p.time}</span> ${programme(p, tr)}${p.current ? html` <span class="live-slot__now">${tr.t('live.onNow')}</span>` : ''}${p.description ? html`<span class="live-slot__description">${p.description}</span>` : ''}</li>`,
            )}</ul>`
          : html`<p class="live-day__empty">${tr.t('live.dayEmpty')}</p>`
      }
    </section>`,
    )}</div>`
    }
  </section>
  ${
    v.others.length
      ? html`<nav class="live-others" aria-labelledby="others-h"><h2 id="others-h" class="rule-heading">${tr.t('live.others')}</h2><ul>${v.others.map((o) => html`<li><a href="${o.href}">${o.name}</a></li>`)}</ul></nav>`
      : ''
  }
</div>`
  return layout({
    chrome,
    title: `${tr.t('live.title', { station: s.name })} | ${chrome.siteName}`,
    description: tr.t('live.description', { station: s.name }),
    assets,
    main,
    bodyClass: 'page-live',
  })
}
