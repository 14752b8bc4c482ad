import { lang, t } from './i18n.ts'

/**
 * Scheduling is entered in GMT; beside it the editor sees the same moment in their own time zone,
 * and scheduled times on the page say it too.
 */
export function startLocalTimes(): void {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
  const local = (d: Date) => new Intl.DateTimeFormat(lang(), { dateStyle: 'medium', timeStyle: 'short' }).format(d)
  for (const input of document.querySelectorAll<HTMLInputElement>('input[data-local-time-input]')) {
    const echo = input.closest('form')?.querySelector<HTMLElement>('[data-local-time-echo]')
    const update = () => {
      if (!echo) return
      const d = input.value ? new Date(`${input.value}Z`) : undefined
      echo.textContent = d && !Number.isNaN(d.getTime()) ? t('nr.client.localEcho', { time: local(d), zone }) : ''
    }
    input.addEventListener('input', update)
    update()
  }
  for (const el of document.querySelectorAll<HTMLTimeElement>('time[data-local-time]')) {
    const d = new Date(el.dateTime)
    if (!Number.isNaN(d.getTime())) el.insertAdjacentText('afterend', ` ${t('nr.client.localAfter', { time: local(d) })}`)
  }
}
