/**
 * The newsroom's desks in English (keys "desk.…"): media, moderation and community standards,
 * live blogs, short links, radio, alerts, counters, the wire, syndication keys and webhooks.
 * Other languages follow it in desk.<lang>.ts; a key they lack reads English.
 */
export const deskEn = {
  'desk.placeholder': '',
} as const
