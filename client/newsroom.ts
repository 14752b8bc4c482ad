/** The newsroom's script: the article editor where there is one; keyboard moderation on a queue. */
const form = document.getElementById('article-form')
if (form) void import('./newsroom/editor.ts').then((m) => m.startEditor(form as HTMLFormElement))
const queue = document.querySelector<HTMLElement>('[data-moderation-queue]')
if (queue) void import('./newsroom/moderation.ts').then((m) => m.startModeration(queue))

// Counts in the navigation: unread notifications, stories waiting for an editor (live, on every page)
const badges = document.querySelectorAll<HTMLElement>('[data-badge]')
if (badges.length) void import('./newsroom/badges.ts').then((m) => m.startBadges(badges))
if (document.querySelector('[data-local-time-input], time[data-local-time]')) void import('./newsroom/local-time.ts').then((m) => m.startLocalTimes())
if (document.querySelector('[data-media-upload], [data-focal-picker], [data-media-replace]'))
  void import('./newsroom/media.ts').then((m) => m.startMediaLibrary())
const liveComposer = document.querySelector<HTMLElement>('[data-live-composer]')
if (liveComposer) void import('./newsroom/live-composer.ts').then((m) => m.startLiveComposer(liveComposer))
