/**
 * Sends a small POST that survives the page being left (sendBeacon), falling back to a keepalive
 * fetch where sendBeacon is missing or refuses. Fire and forget: counting never bothers the reader.
 */
export function beacon(url: string, fields: Record<string, string>): void {
  const body = new URLSearchParams(fields)
  try {
    if (navigator.sendBeacon?.(url, body)) return
  } catch {
    // fall through to fetch
  }
  fetch(url, { method: 'POST', body, keepalive: true, credentials: 'same-origin' }).catch(() => {})
}

/** Fired on document when this page's view beacon has gone (counters then look again). */
export const VIEW_SENT_EVENT = 'dateline:view-sent'
