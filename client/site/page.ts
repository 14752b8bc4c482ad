/**
 * Runs `setup` once for each page the reader sees: on first load, and again after each in-site
 * navigation (Turbo Drive swaps in a new <body> and fires `turbo:load`). Turbo also fires
 * `turbo:load` for the first page, but only once it has fully loaded (images included), long after
 * DOMContentLoaded; a page is known by its <body> element, so that late event is not a second run.
 */
export function onPageLoad(setup: () => void): void {
  let lastBody: HTMLElement | null = null
  const run = () => {
    if (!document.body || document.body === lastBody) return
    lastBody = document.body
    setup()
  }
  document.addEventListener('turbo:load', run)
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run, { once: true })
  else queueMicrotask(run)
}
