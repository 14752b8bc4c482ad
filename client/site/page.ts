/**
 * Runs `setup` when a page is ready: on first load, and again after each in-site navigation
 * (Turbo fires `turbo:load` for both when it is running; without Turbo, DOMContentLoaded).
 */
export function onPageLoad(setup: () => void): void {
  let ranForInitial = false
  const run = () => {
    ranForInitial = true
    setup()
  }
  document.addEventListener('turbo:load', run)
  const initial = () => {
    // If Turbo is running it fires turbo:load for the first page too; don't run twice.
    queueMicrotask(() => {
      if (!ranForInitial) setup()
    })
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', initial, { once: true })
  else initial()
}
