/**
 * The Listen Live mini-player. The server renders a link to /live inside #live-player, an element
 * Turbo keeps across in-site navigation (data-turbo-permanent), so the <audio> made here goes on
 * playing while the reader moves between pages. This module turns the link into a button, plays
 * the first stream the browser can (HLS through hls.js, loaded only when the browser has no
 * native HLS), shows what is on from the server's now-playing events, and when the stream fails
 * or stops says so and tries again with growing pauses. Nothing here may break the page.
 */

interface Stream {
  url: string
  type: string
  hls: boolean
}

interface StationConfig {
  slug: string
  name: string
  href: string
  eventsUrl: string
  streams: Stream[]
}

interface ProgrammeView {
  show: string
  host: string
  label: string
  day: string
}

interface NowPlaying {
  station: string
  live: boolean | null
  title: string | null
  listeners: number | null
  onNow: ProgrammeView | null
  next: ProgrammeView | null
}

type State = 'idle' | 'connecting' | 'playing' | 'paused' | 'retrying'

/** Pause before the nth retry (from 0), in seconds: 1, 2, 4, 8, 16, then 30 (each ±20%). */
export function backoff(attempt: number, random: () => number = Math.random): number {
  return Math.min(30, 2 ** attempt) * (0.8 + random() * 0.4)
}

/** What the player says, in the edition's language: the server writes them on #live-player (data-words). */
interface Words {
  listen: string
  badge: string
  volume: string
  pause: string
  play: string
  listenTo: string
  pauseStation: string
  panel: string
  buffering: string
  ended: string
  stalled: string
  connecting: string
  paused: string
  pressPlay: string
  playing: string
  stationOff: string
  unavailable: string
  retry: Record<string, string>
  onNow: string
  onNowWith: string
  next: string
  nowPlaying: string
  /** The server's day labels ("Today", "Next Sunday") in the edition's language. */
  days: Record<string, string>
}

const ENGLISH_WORDS: Words = {
  listen: 'Listen Live',
  badge: 'Live',
  volume: 'Volume',
  pause: 'Pause',
  play: 'Play',
  listenTo: 'Listen live to {name}',
  pauseStation: 'Pause {name}',
  panel: '{name} live player',
  buffering: 'Buffering…',
  ended: 'The stream stopped.',
  stalled: 'The stream stalled.',
  connecting: 'Connecting to {name}…',
  paused: 'Paused. Press Play to listen live again.',
  pressPlay: 'Press Play to start the live radio.',
  playing: 'Playing {name} live.',
  stationOff: '{name} is off air right now.',
  unavailable: 'The live stream is not available right now.',
  retry: { one: 'Trying again in {n} second.', other: 'Trying again in {n} seconds.' },
  onNow: 'On now: {show} ({time})',
  onNowWith: 'On now: {show} with {host} ({time})',
  next: 'Nothing scheduled now. Next: {show}, {day} {time}',
  nowPlaying: 'Now playing: {title}',
  days: {},
}

function wordsOf(el: HTMLElement): Words {
  try {
    return { ...ENGLISH_WORDS, ...(JSON.parse(el.dataset.words ?? '{}') as Partial<Words>) }
  } catch {
    return ENGLISH_WORDS
  }
}

/** A message with its {placeholders} filled in (values are text: the DOM shows them as such). */
function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m)
}

const STALL_SECONDS = 12
const VOLUME_KEY = 'dateline.live.volume'

function make<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text = ''): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v)
  if (text) el.textContent = text
  return el
}

function readConfig(el: HTMLElement): StationConfig | undefined {
  try {
    const streams = JSON.parse(el.dataset.streams ?? '[]') as Stream[]
    if (!el.dataset.station || !el.dataset.events || streams.length === 0) return undefined
    return { slug: el.dataset.station, name: el.dataset.name ?? 'Live radio', href: el.dataset.href ?? '/live', eventsUrl: el.dataset.events, streams }
  } catch {
    return undefined
  }
}

/** A time label ("06:00–09:00") in the edition's digits. */
function digits(locale: string, text: string): string {
  return text.replace(/\d+/g, (d) => new Intl.NumberFormat(locale, { useGrouping: false, minimumIntegerDigits: d.length }).format(Number(d)))
}

function describeProgramme(u: NowPlaying | undefined, w: Words, locale: string): string {
  if (!u) return ''
  if (u.onNow) return fill(u.onNow.host ? w.onNowWith : w.onNow, { show: u.onNow.show, host: u.onNow.host, time: digits(locale, u.onNow.label) })
  if (u.next) return fill(w.next, { show: u.next.show, day: w.days[u.next.day] ?? u.next.day, time: digits(locale, u.next.label) })
  return ''
}

function storedVolume(): string | null {
  try {
    return localStorage.getItem(VOLUME_KEY)
  } catch {
    return null // storage blocked: start at the default volume
  }
}

/** The player bound to one #live-player element; it lives as long as the element does. */
class LivePlayer {
  private state: State = 'idle'
  private streamIndex = 0
  private attempt = 0
  private retryTimer: number | undefined
  private events: EventSource | undefined
  private eventsRetry: number | undefined
  private latest: NowPlaying | undefined
  private hls: { destroy(): void } | undefined
  private lastTime = 0
  private lastProgressAt = 0
  private readonly audio = make('audio', { preload: 'none' })
  private readonly toggle = make('button', { type: 'button', class: 'live-button', 'data-live-toggle': '' })
  private readonly panel = make('div', { class: 'live-player__panel', role: 'group' })
  private readonly words: Words
  private readonly locale: string
  private readonly badge = make('span', { class: 'live-player__badge' })
  private readonly stationLink = make('a', { class: 'live-player__station' })
  private readonly programme = make('span', { class: 'live-player__programme' })
  private readonly track = make('span', { class: 'live-player__track' })
  private readonly volume = make('input', { type: 'range', min: '0', max: '100', step: '5', class: 'live-player__volume' })
  private readonly status = make('p', { class: 'live-player__status', role: 'status', 'aria-live': 'polite' })

  constructor(
    private readonly root: HTMLElement,
    private config: StationConfig,
  ) {
    this.words = wordsOf(root)
    this.locale = root.dataset.locale || 'en'
    this.badge.textContent = this.words.badge
    this.volume.setAttribute('aria-label', this.words.volume)
    this.toggle.append(make('span', { class: 'live-button__icon', 'aria-hidden': 'true' }), make('span', { class: 'live-button__text' }, this.words.listen))
    const info = make('div', { class: 'live-player__info' })
    info.append(this.stationLink, this.programme, this.track)
    this.panel.hidden = true
    this.panel.append(this.badge, info, this.volume, this.status)
    this.root.replaceChildren(this.toggle, this.panel, this.audio)
    this.root.dataset.state = 'idle'
    this.applyConfig()

    const saved = Number(storedVolume() ?? '80')
    this.volume.value = String(Number.isFinite(saved) ? Math.min(100, Math.max(0, saved)) : 80)
    this.audio.volume = Number(this.volume.value) / 100
    this.volume.addEventListener('input', () => {
      this.audio.volume = Number(this.volume.value) / 100
      this.volume.setAttribute('aria-valuetext', new Intl.NumberFormat(this.locale, { style: 'percent' }).format(Number(this.volume.value) / 100))
      try {
        localStorage.setItem(VOLUME_KEY, this.volume.value)
      } catch {
        // private browsing: the volume is simply not remembered
      }
    })
    this.toggle.addEventListener('click', () => (this.state === 'playing' || this.state === 'connecting' ? this.pause() : this.play()))
    this.audio.addEventListener('playing', () => this.onPlaying())
    this.audio.addEventListener('waiting', () => this.state === 'playing' && this.say(this.words.buffering))
    this.audio.addEventListener('error', () => this.fail())
    this.audio.addEventListener('ended', () => this.fail(this.words.ended))
    this.audio.addEventListener('timeupdate', () => {
      if (this.audio.currentTime !== this.lastTime) {
        this.lastTime = this.audio.currentTime
        this.lastProgressAt = Date.now()
      }
    })
    // A stream can hang without an error event: if time stands still while playing, reconnect.
    window.setInterval(() => {
      if (this.state === 'playing' && Date.now() - this.lastProgressAt > STALL_SECONDS * 1000) this.fail(this.words.stalled)
    }, 2000)
    // Turbo moves this element between pages; a browser may pause media that leaves the document.
    document.addEventListener('turbo:load', () => {
      if (this.state === 'playing' && this.audio.paused) void this.audio.play().catch(() => {})
      this.showOnPage()
    })
  }

  private applyConfig() {
    const c = this.config
    this.toggle.setAttribute('aria-label', fill(this.words.listenTo, { name: c.name }))
    this.panel.setAttribute('aria-label', fill(this.words.panel, { name: c.name }))
    this.stationLink.textContent = c.name
    this.stationLink.href = c.href
    this.root.dataset.station = c.slug
  }

  /** Plays `config`'s station (another station from its /live page, or this one). */
  start(config?: StationConfig) {
    if (config && config.slug !== this.config.slug) {
      this.stop()
      this.config = config
      this.latest = undefined
      this.applyConfig()
      this.closeEvents()
    }
    if (this.state !== 'playing' && this.state !== 'connecting') this.play()
  }

  get station() {
    return this.config.slug
  }

  private setState(state: State) {
    this.state = state
    this.root.dataset.state = state
    const active = state === 'playing' || state === 'connecting'
    const w = this.words
    this.toggle.setAttribute('aria-label', fill(active ? w.pauseStation : w.listenTo, { name: this.config.name }))
    this.toggle.querySelector('.live-button__text')!.textContent = active ? w.pause : state === 'idle' ? w.listen : w.play
    this.badge.hidden = state !== 'playing'
  }

  private say(text: string) {
    if (this.status.textContent !== text) this.status.textContent = text
  }

  private play() {
    window.clearTimeout(this.retryTimer)
    this.panel.hidden = false
    this.setState('connecting')
    this.say(fill(this.words.connecting, { name: this.config.name }))
    this.openEvents()
    this.streamIndex = 0
    void this.attach()
  }

  private pause() {
    this.stop()
    this.setState('paused')
    this.say(this.words.paused)
  }

  /** Stops playing and downloading (live radio does not resume where it paused). */
  private stop() {
    window.clearTimeout(this.retryTimer)
    this.hls?.destroy()
    this.hls = undefined
    this.audio.pause()
    this.audio.removeAttribute('src')
    this.audio.load()
  }

  private async attach() {
    const stream = this.config.streams[this.streamIndex]
    if (!stream) return this.fail()
    this.hls?.destroy()
    this.hls = undefined
    try {
      if (stream.hls && !this.audio.canPlayType('application/vnd.apple.mpegurl')) {
        const { default: Hls } = await import('hls.js/light')
        if (this.state !== 'connecting') return
        if (!Hls.isSupported()) return this.fail()
        // No worker: CSP allows scripts from this site only, not blob: workers.
        const hls = new Hls({ enableWorker: false, lowLatencyMode: true })
        hls.on(Hls.Events.ERROR, (_event, data) => data.fatal && this.fail())
        hls.loadSource(stream.url)
        hls.attachMedia(this.audio)
        this.hls = hls
      } else {
        this.audio.src = stream.url
      }
      this.lastProgressAt = Date.now()
      await this.audio.play()
    } catch (e) {
      // NotAllowedError: the browser wants a click first. A stream that fails to load also
      // rejects play(), but its 'error' event (or hls.js's) is what handles that.
      if ((e as Error).name === 'NotAllowedError') {
        this.stop()
        this.setState('paused')
        this.say(this.words.pressPlay)
      } else if (!(e instanceof DOMException)) this.fail()
    }
  }

  private onPlaying() {
    if (this.state !== 'connecting' && this.state !== 'playing') return
    this.attempt = 0
    this.lastProgressAt = Date.now()
    this.setState('playing')
    this.say(fill(this.words.playing, { name: this.config.name }))
  }

  /** The stream failed or stopped: try the next stream, then retry with growing pauses. */
  private fail(reason?: string) {
    if (this.state === 'idle' || this.state === 'paused' || this.state === 'retrying') return
    if (this.state === 'connecting' && this.streamIndex + 1 < this.config.streams.length) {
      this.streamIndex++
      void this.attach()
      return
    }
    this.stop()
    this.setState('retrying')
    const seconds = backoff(this.attempt++)
    const w = this.words
    const offAir = this.latest?.live === false ? fill(w.stationOff, { name: this.config.name }) : (reason ?? w.unavailable)
    const n = Math.round(seconds)
    const form = w.retry[new Intl.PluralRules(this.locale).select(n)] ?? w.retry.other ?? '{n}'
    this.say(`${offAir} ${fill(form, { n: new Intl.NumberFormat(this.locale).format(n) })}`)
    this.retryTimer = window.setTimeout(() => this.retry(), seconds * 1000)
  }

  private retry() {
    if (this.state !== 'retrying') return
    this.setState('connecting')
    this.streamIndex = 0
    void this.attach()
  }

  private openEvents() {
    if (this.events || typeof EventSource === 'undefined') return
    window.clearTimeout(this.eventsRetry)
    const source = new EventSource(this.config.eventsUrl)
    this.events = source
    source.addEventListener('now-playing', (e) => {
      try {
        this.show(JSON.parse((e as MessageEvent<string>).data) as NowPlaying)
      } catch {
        // a garbled message is skipped; the next one will do
      }
    })
    source.addEventListener('error', () => {
      // EventSource reconnects by itself unless the server refused (busy, station gone).
      if (source.readyState === EventSource.CLOSED) {
        this.closeEvents()
        this.eventsRetry = window.setTimeout(() => this.openEvents(), 30_000)
      }
    })
  }

  private closeEvents() {
    this.events?.close()
    this.events = undefined
    window.clearTimeout(this.eventsRetry)
  }

  private show(u: NowPlaying) {
    if (u.station !== this.config.slug) return
    const wasOff = this.latest?.live === false
    this.latest = u
    this.programme.textContent = describeProgramme(u, this.words, this.locale)
    this.track.textContent = u.title ? fill(this.words.nowPlaying, { title: u.title }) : ''
    this.track.hidden = !u.title
    this.showOnPage()
    // The server sees the source come back before our next retry would: go now.
    if (this.state === 'retrying' && u.live === true && wasOff) {
      window.clearTimeout(this.retryTimer)
      this.retry()
    }
  }

  /** Keeps the /live page's "Now playing" line in step with the events. */
  showOnPage() {
    const title = this.latest?.title
    if (title === undefined) return
    for (const el of document.querySelectorAll<HTMLElement>(`[data-live-track="${CSS.escape(this.config.slug)}"]`)) {
      const span = el.querySelector('[data-live-track-title]')
      if (span) span.textContent = title ?? ''
      el.hidden = !title
    }
  }
}

const players = new WeakMap<HTMLElement, LivePlayer>()
let delegated = false

function pageButtonConfig(button: HTMLElement): StationConfig | undefined {
  try {
    const v = JSON.parse(button.dataset.liveFor ?? '') as StationConfig
    return v.slug && Array.isArray(v.streams) ? { slug: v.slug, name: v.name, href: v.href, eventsUrl: v.eventsUrl, streams: v.streams } : undefined
  } catch {
    return undefined
  }
}

/** Binds the header player (once: Turbo keeps it) and shows the /live page's buttons (each page). */
export function setupLivePlayer(): void {
  const root = document.getElementById('live-player')
  let player = root ? players.get(root) : undefined
  if (root && !player) {
    const config = readConfig(root)
    if (!config) return
    player = new LivePlayer(root, config)
    players.set(root, player)
  }
  if (!player) return
  // One listener for every page: Turbo's cached copies of a page keep no element listeners.
  if (!delegated) {
    delegated = true
    document.addEventListener('click', (e) => {
      const button = (e.target as Element | null)?.closest<HTMLElement>('[data-live-play]')
      const config = button && pageButtonConfig(button)
      const current = document.getElementById('live-player')
      const p = current && players.get(current)
      if (config && p) p.start(config)
    })
  }
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-live-play]')) {
    if (!pageButtonConfig(button)) continue
    // The page's own <audio controls> is for readers without JavaScript; with it, one player plays.
    for (const fallback of button.parentElement?.querySelectorAll<HTMLAudioElement>('[data-live-fallback]') ?? []) {
      fallback.pause()
      fallback.remove()
    }
    button.hidden = false
  }
  player.showOnPage()
}
