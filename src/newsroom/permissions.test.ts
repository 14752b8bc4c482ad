import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { after, before, describe, test } from 'node:test'
import type { StaffRole } from '../accounts/tables.ts'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { staffSession, type TestSession } from '../../test/support/staff.ts'
import type { Policy } from '../http/policy.ts'
import { createReader } from '../../test/support/discussion.ts'
import type { Database } from '../db/database.ts'
import { multipart, solidPng } from '../../test/support/media.ts'
import type { MediaService } from '../media/media-service.ts'

/** What each case needs to exist, made fresh for every caller so allowed requests can succeed. */
interface Fixture {
  sectionId: number
  article: number
  published: number
  target: number
  token: number
  station: number
  link: number
  /** A pending comment by a reader, on the published article. */
  comment: number
  reader: number
  /** A picture in the media library. */
  media: number
  /** A published article with live coverage started, and an update in it. */
  live: number
  entry: number
  /** A draft in another edition, to link as a translation of `article`. */
  translation: number
}

interface Case {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  route: string
  policy: Policy
  url: (f: Fixture) => string
  json?: (f: Fixture) => unknown
  form?: (f: Fixture) => Record<string, string>
  /** A multipart upload of a small picture (the media library's file routes). */
  upload?: (f: Fixture) => true
  /** The status an allowed caller gets when the request itself is refused on its merits. */
  expectAllowed?: number
}

const u = (s: string) => () => s
let editions = 0
/** A fresh edition code (an edition added by an allowed caller must not clash with the last one). */
const editionCode = () => `x${'abcdefghijklmnopqrstuvwxyz'[Math.floor(editions / 26) % 26]}${'abcdefghijklmnopqrstuvwxyz'[editions++ % 26]}`
const stationName = () => `Station ${Math.random().toString(36).slice(2, 8)}`
const stationJson = () => ({ name: stationName(), timeZone: 'UTC', streams: ['https://radio.example/live.mp3'] })
const stationForm = () => ({ name: stationName(), timeZone: 'UTC', streams: 'https://radio.example/live.mp3' })
const SETTINGS_FORM = {
  minLength: '2',
  maxLength: '2000',
  maxLinks: '2',
  editWindowMinutes: '15',
  closeAfterDays: '0',
  holdFirstComments: '1',
  repeatWindowMinutes: '60',
  'readerRate.limit': '5',
  'readerRate.windowMinutes': '5',
  'ipRate.limit': '30',
  'ipRate.windowMinutes': '10',
  bannedWords: '',
  suspectWords: '',
}
// The permission table: every newsroom and admin-API route, the policy it must declare, and a request that succeeds when allowed.
const CASES: Case[] = [
  { method: 'GET', route: '/api/admin/me', policy: 'staff', url: u('/api/admin/me') },
  { method: 'GET', route: '/api/admin/media', policy: 'staff', url: u('/api/admin/media?q=x') },
  { method: 'POST', route: '/api/admin/media', policy: 'reporter', url: u('/api/admin/media'), upload: () => true },
  { method: 'GET', route: '/api/admin/media/:id', policy: 'staff', url: (f) => `/api/admin/media/${f.media}` },
  { method: 'PATCH', route: '/api/admin/media/:id', policy: 'reporter', url: (f) => `/api/admin/media/${f.media}`, json: () => ({ caption: 'Recaptioned' }) },
  { method: 'PUT', route: '/api/admin/media/:id/file', policy: 'editor', url: (f) => `/api/admin/media/${f.media}/file`, upload: () => true },
  { method: 'DELETE', route: '/api/admin/media/:id', policy: 'editor', url: (f) => `/api/admin/media/${f.media}` },
  { method: 'GET', route: '/newsroom/media', policy: 'staff', url: u('/newsroom/media?q=x') },
  { method: 'GET', route: '/newsroom/media/:id', policy: 'staff', url: (f) => `/newsroom/media/${f.media}` },
  { method: 'POST', route: '/newsroom/media/:id', policy: 'reporter', url: (f) => `/newsroom/media/${f.media}`, form: () => ({ caption: 'Recaptioned' }) },
  { method: 'POST', route: '/newsroom/media/:id/delete', policy: 'editor', url: (f) => `/newsroom/media/${f.media}/delete`, form: () => ({}) },
  { method: 'GET', route: '/api/admin/articles', policy: 'staff', url: u('/api/admin/articles?status=draft') },
  {
    method: 'POST',
    route: '/api/admin/articles',
    policy: 'reporter',
    url: u('/api/admin/articles'),
    json: (f) => ({ headline: 'Permission test', sectionId: f.sectionId }),
  },
  { method: 'GET', route: '/api/admin/articles/:id', policy: 'staff', url: (f) => `/api/admin/articles/${f.article}` },
  {
    method: 'PUT',
    route: '/api/admin/articles/:id',
    policy: 'reporter',
    url: (f) => `/api/admin/articles/${f.article}`,
    json: (f) => ({ headline: 'Edited', sectionId: f.sectionId }),
  },
  {
    method: 'POST',
    route: '/api/admin/articles/:id/workflow',
    policy: 'reporter',
    url: (f) => `/api/admin/articles/${f.article}/workflow`,
    json: () => ({ action: 'submit' }),
  },
  {
    method: 'POST',
    route: '/api/admin/articles/:id/corrections',
    policy: 'editor',
    url: (f) => `/api/admin/articles/${f.published}/corrections`,
    json: () => ({ text: 'A name was misspelled.' }),
  },
  { method: 'GET', route: '/api/admin/articles/:id/revisions', policy: 'staff', url: (f) => `/api/admin/articles/${f.article}/revisions` },
  { method: 'GET', route: '/api/admin/articles/:id/translations', policy: 'staff', url: (f) => `/api/admin/articles/${f.article}/translations` },
  {
    method: 'PUT',
    route: '/api/admin/articles/:id/translations/:translationId',
    policy: 'editor',
    url: (f) => `/api/admin/articles/${f.article}/translations/${f.translation}`,
  },
  { method: 'DELETE', route: '/api/admin/articles/:id/translations', policy: 'editor', url: (f) => `/api/admin/articles/${f.article}/translations` },
  { method: 'GET', route: '/newsroom/articles/:id/translations', policy: 'staff', url: (f) => `/newsroom/articles/${f.article}/translations?q=a` },
  {
    method: 'POST',
    route: '/newsroom/articles/:id/translations',
    policy: 'editor',
    url: (f) => `/newsroom/articles/${f.article}/translations`,
    form: (f) => ({ translationId: String(f.translation) }),
  },
  {
    method: 'POST',
    route: '/newsroom/articles/:id/translations/unlink',
    policy: 'editor',
    url: (f) => `/newsroom/articles/${f.article}/translations/unlink`,
    form: () => ({}),
  },
  { method: 'GET', route: '/api/admin/articles/:id/versions', policy: 'staff', url: (f) => `/api/admin/articles/${f.published}/versions` },
  { method: 'GET', route: '/api/admin/articles/:id/versions/:number', policy: 'staff', url: (f) => `/api/admin/articles/${f.published}/versions/1` },
  {
    method: 'GET',
    route: '/api/admin/articles/:id/revisions/compare',
    policy: 'staff',
    url: (f) => `/api/admin/articles/${f.article}/revisions/compare?from=1&to=2`,
  },
  {
    method: 'POST',
    route: '/api/admin/articles/:id/revisions/:number/restore',
    policy: 'reporter',
    url: (f) => `/api/admin/articles/${f.article}/revisions/1/restore`,
  },
  { method: 'GET', route: '/api/admin/articles/:id/history', policy: 'staff', url: (f) => `/api/admin/articles/${f.article}/history` },
  { method: 'GET', route: '/api/admin/sections', policy: 'staff', url: u('/api/admin/sections') },
  {
    method: 'POST',
    route: '/api/admin/sections',
    policy: 'admin',
    url: u('/api/admin/sections'),
    json: () => ({ name: `Section ${Math.random().toString(36).slice(2, 8)}` }),
  },
  {
    method: 'PUT',
    route: '/api/admin/sections/:id',
    policy: 'admin',
    url: (f) => `/api/admin/sections/${f.sectionId}`,
    json: () => ({ name: 'Sport', slug: 'sport' }),
  },
  { method: 'GET', route: '/api/admin/bylines', policy: 'staff', url: u('/api/admin/bylines') },
  { method: 'GET', route: '/api/admin/people', policy: 'admin', url: u('/api/admin/people') },
  {
    method: 'POST',
    route: '/api/admin/people',
    policy: 'admin',
    url: u('/api/admin/people'),
    json: () => ({ email: `p${Math.random().toString(36).slice(2, 9)}@x.test`, displayName: 'New Person', role: 'reporter' }),
  },
  { method: 'PATCH', route: '/api/admin/people/:id', policy: 'admin', url: (f) => `/api/admin/people/${f.target}`, json: () => ({ role: 'editor' }) },
  { method: 'POST', route: '/api/admin/people/:id/reset-password', policy: 'admin', url: (f) => `/api/admin/people/${f.target}/reset-password` },
  { method: 'POST', route: '/api/admin/people/:id/sign-out-everywhere', policy: 'admin', url: (f) => `/api/admin/people/${f.target}/sign-out-everywhere` },
  { method: 'GET', route: '/api/admin/tokens', policy: 'staff', url: u('/api/admin/tokens') },
  { method: 'POST', route: '/api/admin/tokens', policy: 'staff', url: u('/api/admin/tokens'), json: () => ({ name: 'script' }) },
  { method: 'DELETE', route: '/api/admin/tokens/:id', policy: 'staff', url: (f) => `/api/admin/tokens/${f.token}` },
  { method: 'GET', route: '/api/admin/openapi.json', policy: 'public', url: u('/api/admin/openapi.json') },
  { method: 'GET', route: '/api/admin/stations', policy: 'admin', url: u('/api/admin/stations') },
  { method: 'POST', route: '/api/admin/stations', policy: 'admin', url: u('/api/admin/stations'), json: () => stationJson() },
  { method: 'GET', route: '/api/admin/stations/:id', policy: 'admin', url: (f) => `/api/admin/stations/${f.station}` },
  { method: 'PUT', route: '/api/admin/stations/:id', policy: 'admin', url: (f) => `/api/admin/stations/${f.station}`, json: () => stationJson() },
  { method: 'DELETE', route: '/api/admin/stations/:id', policy: 'admin', url: (f) => `/api/admin/stations/${f.station}` },
  { method: 'POST', route: '/api/admin/stations/:id/check', policy: 'admin', url: (f) => `/api/admin/stations/${f.station}/check` },
  { method: 'GET', route: '/api/admin/links', policy: 'editor', url: u('/api/admin/links') },
  { method: 'POST', route: '/api/admin/links', policy: 'editor', url: u('/api/admin/links'), json: () => ({ url: 'https://example.org/permission-test' }) },
  { method: 'PATCH', route: '/api/admin/links/:id', policy: 'editor', url: (f) => `/api/admin/links/${f.link}`, json: () => ({ expiresAt: null }) },
  { method: 'DELETE', route: '/api/admin/links/:id', policy: 'editor', url: (f) => `/api/admin/links/${f.link}` },
  { method: 'GET', route: '/api/admin/articles/:id/views', policy: 'staff', url: (f) => `/api/admin/articles/${f.published}/views` },

  { method: 'GET', route: '/newsroom', policy: 'staff', url: u('/newsroom?status=draft') },
  { method: 'GET', route: '/newsroom/articles/new', policy: 'reporter', url: u('/newsroom/articles/new') },
  {
    method: 'POST',
    route: '/newsroom/articles',
    policy: 'reporter',
    url: u('/newsroom/articles'),
    form: (f) => ({ headline: 'Form permission test', sectionId: String(f.sectionId), body: '[]' }),
  },
  { method: 'GET', route: '/newsroom/articles/:id', policy: 'staff', url: (f) => `/newsroom/articles/${f.article}` },
  {
    method: 'POST',
    route: '/newsroom/articles/:id',
    policy: 'reporter',
    url: (f) => `/newsroom/articles/${f.article}`,
    form: (f) => ({ headline: 'Form edit', sectionId: String(f.sectionId), body: '[]' }),
  },
  {
    method: 'POST',
    route: '/newsroom/articles/:id/workflow',
    policy: 'reporter',
    url: (f) => `/newsroom/articles/${f.article}/workflow`,
    form: () => ({ action: 'submit' }),
  },
  {
    method: 'POST',
    route: '/newsroom/articles/:id/corrections',
    policy: 'editor',
    url: (f) => `/newsroom/articles/${f.published}/corrections`,
    form: () => ({ text: 'Corrected.' }),
  },
  { method: 'GET', route: '/newsroom/articles/:id/revisions', policy: 'staff', url: (f) => `/newsroom/articles/${f.article}/revisions?from=1&to=2` },
  { method: 'GET', route: '/newsroom/notifications', policy: 'staff', url: () => '/newsroom/notifications' },
  { method: 'GET', route: '/newsroom/review', policy: 'editor', url: () => '/newsroom/review' },
  { method: 'GET', route: '/api/admin/notifications', policy: 'staff', url: () => '/api/admin/notifications' },
  { method: 'POST', route: '/api/admin/notifications/read', policy: 'staff', url: () => '/api/admin/notifications/read', json: () => ({}) },
  { method: 'GET', route: '/newsroom/articles/:id/compare-live', policy: 'staff', url: (f) => `/newsroom/articles/${f.published}/compare-live` },
  {
    method: 'POST',
    route: '/newsroom/articles/:id/revisions/:number/restore',
    policy: 'reporter',
    url: (f) => `/newsroom/articles/${f.article}/revisions/1/restore`,
    form: () => ({}),
  },
  { method: 'GET', route: '/newsroom/articles/:id/views', policy: 'staff', url: (f) => `/newsroom/articles/${f.published}/views` },
  { method: 'GET', route: '/newsroom/moderation', policy: 'moderator', url: u('/newsroom/moderation?queue=pending') },
  {
    method: 'POST',
    route: '/newsroom/moderation/comments/:id',
    policy: 'moderator',
    url: (f) => `/newsroom/moderation/comments/${f.comment}`,
    form: () => ({ op: 'approve' }),
  },
  { method: 'GET', route: '/newsroom/moderation/readers/:id', policy: 'moderator', url: (f) => `/newsroom/moderation/readers/${f.reader}` },
  {
    method: 'POST',
    route: '/newsroom/moderation/readers/:id',
    policy: 'moderator',
    url: (f) => `/newsroom/moderation/readers/${f.reader}`,
    form: () => ({ action: 'ban', reason: 'Permission test' }),
  },
  { method: 'GET', route: '/newsroom/moderation/articles/:id', policy: 'moderator', url: (f) => `/newsroom/moderation/articles/${f.published}` },
  {
    method: 'POST',
    route: '/newsroom/moderation/articles/:id',
    policy: 'moderator',
    url: (f) => `/newsroom/moderation/articles/${f.published}`,
    form: () => ({ closed: 'open' }),
  },
  { method: 'GET', route: '/newsroom/moderation/log', policy: 'moderator', url: u('/newsroom/moderation/log') },
  { method: 'GET', route: '/newsroom/moderation/counts', policy: 'moderator', url: u('/newsroom/moderation/counts') },
  { method: 'GET', route: '/newsroom/moderation/settings', policy: 'admin', url: u('/newsroom/moderation/settings') },
  { method: 'POST', route: '/newsroom/moderation/settings', policy: 'admin', url: u('/newsroom/moderation/settings'), form: () => SETTINGS_FORM },
  { method: 'GET', route: '/newsroom/community-standards', policy: 'admin', url: u('/newsroom/community-standards') },
  {
    method: 'POST',
    route: '/newsroom/community-standards',
    policy: 'admin',
    url: u('/newsroom/community-standards'),
    form: () => ({ intro: 'Be kind to each other.' }),
  },
  { method: 'GET', route: '/newsroom/articles/:id/live', policy: 'reporter', url: (f) => `/newsroom/articles/${f.live}/live` },
  {
    method: 'POST',
    route: '/newsroom/articles/:id/live/start',
    policy: 'editor',
    url: (f) => `/newsroom/articles/${f.published}/live/start`,
    form: () => ({}),
  },
  { method: 'POST', route: '/newsroom/articles/:id/live/end', policy: 'editor', url: (f) => `/newsroom/articles/${f.live}/live/end`, form: () => ({}) },
  {
    method: 'POST',
    route: '/newsroom/articles/:id/live/entries',
    policy: 'reporter',
    url: (f) => `/newsroom/articles/${f.live}/live/entries`,
    form: () => ({ text: 'Permission test update' }),
  },
  {
    method: 'POST',
    route: '/newsroom/live-entries/:id',
    policy: 'reporter',
    url: (f) => `/newsroom/live-entries/${f.entry}`,
    form: () => ({ text: 'Edited' }),
  },
  {
    method: 'POST',
    route: '/newsroom/live-entries/:id/pin',
    policy: 'reporter',
    url: (f) => `/newsroom/live-entries/${f.entry}/pin`,
    form: () => ({ pinned: 'true', title: 'Key' }),
  },
  { method: 'POST', route: '/newsroom/live-entries/:id/delete', policy: 'reporter', url: (f) => `/newsroom/live-entries/${f.entry}/delete`, form: () => ({}) },
  { method: 'GET', route: '/newsroom/live-entries/:id/row', policy: 'reporter', url: (f) => `/newsroom/live-entries/${f.entry}/row` },
  { method: 'GET', route: '/newsroom/live-entries/:id/history', policy: 'reporter', url: (f) => `/newsroom/live-entries/${f.entry}/history` },
  { method: 'GET', route: '/newsroom/alerts', policy: 'editor', url: (f) => `/newsroom/alerts?articleId=${f.published}` },
  {
    method: 'POST',
    route: '/newsroom/alerts',
    policy: 'editor',
    url: u('/newsroom/alerts'),
    form: (f) => ({ articleId: String(f.published), title: 'Permission test alert' }),
  },
  { method: 'GET', route: '/newsroom/syndication', policy: 'admin', url: u('/newsroom/syndication') },
  {
    method: 'POST',
    route: '/newsroom/syndication/keys',
    policy: 'admin',
    url: u('/newsroom/syndication/keys'),
    form: () => ({ name: 'Permission test', scopes: 'content' }),
  },
  { method: 'POST', route: '/newsroom/syndication/keys/:id/revoke', policy: 'admin', url: u('/newsroom/syndication/keys/999999/revoke'), form: () => ({}) },
  { method: 'GET', route: '/newsroom/syndication/webhooks', policy: 'admin', url: u('/newsroom/syndication/webhooks') },
  {
    method: 'POST',
    route: '/newsroom/syndication/webhooks',
    policy: 'admin',
    url: u('/newsroom/syndication/webhooks'),
    form: () => ({ url: 'https://hooks.example/permission-test', events: 'article.published' }),
  },
  { method: 'GET', route: '/newsroom/syndication/webhooks/:id', policy: 'admin', url: u('/newsroom/syndication/webhooks/999999'), expectAllowed: 404 },
  {
    method: 'POST',
    route: '/newsroom/syndication/webhooks/:id/pause',
    policy: 'admin',
    url: u('/newsroom/syndication/webhooks/999999/pause'),
    form: () => ({}),
    expectAllowed: 404,
  },
  {
    method: 'POST',
    route: '/newsroom/syndication/webhooks/:id/resume',
    policy: 'admin',
    url: u('/newsroom/syndication/webhooks/999999/resume'),
    form: () => ({}),
    expectAllowed: 404,
  },
  {
    method: 'POST',
    route: '/newsroom/syndication/webhooks/:id/delete',
    policy: 'admin',
    url: u('/newsroom/syndication/webhooks/999999/delete'),
    form: () => ({}),
    expectAllowed: 404,
  },
  { method: 'GET', route: '/newsroom/wire', policy: 'editor', url: u('/newsroom/wire?q=quake') },
  { method: 'GET', route: '/newsroom/wire/:id', policy: 'editor', url: u('/newsroom/wire/999999'), expectAllowed: 404 },
  { method: 'POST', route: '/newsroom/wire/:id/draft', policy: 'editor', url: u('/newsroom/wire/999999/draft'), form: () => ({}), expectAllowed: 404 },
  { method: 'POST', route: '/newsroom/wire/:id/publish', policy: 'editor', url: u('/newsroom/wire/999999/publish'), form: () => ({}), expectAllowed: 404 },
  { method: 'GET', route: '/newsroom/links', policy: 'editor', url: u('/newsroom/links') },
  { method: 'POST', route: '/newsroom/links', policy: 'editor', url: u('/newsroom/links'), form: () => ({ url: 'https://example.org/form-permission-test' }) },
  { method: 'POST', route: '/newsroom/links/:id', policy: 'editor', url: (f) => `/newsroom/links/${f.link}`, form: () => ({ expiresAt: '' }) },
  { method: 'POST', route: '/newsroom/links/:id/delete', policy: 'editor', url: (f) => `/newsroom/links/${f.link}/delete`, form: () => ({}) },
  { method: 'GET', route: '/newsroom/sections', policy: 'admin', url: u('/newsroom/sections') },
  { method: 'GET', route: '/api/admin/editions', policy: 'staff', url: u('/api/admin/editions') },
  {
    method: 'POST',
    route: '/api/admin/editions',
    policy: 'admin',
    url: u('/api/admin/editions'),
    json: () => ({ code: editionCode(), name: 'Ελληνικά', locale: 'el' }),
  },
  { method: 'PATCH', route: '/api/admin/editions/:id', policy: 'admin', url: u('/api/admin/editions/1'), json: () => ({ timeZone: 'Europe/London' }) },
  {
    method: 'PUT',
    route: '/api/admin/staff/:id/editions',
    policy: 'admin',
    url: (f) => `/api/admin/staff/${f.target}/editions`,
    json: () => ({ editionIds: [] }),
  },
  { method: 'GET', route: '/newsroom/editions', policy: 'admin', url: u('/newsroom/editions') },
  {
    method: 'POST',
    route: '/newsroom/editions',
    policy: 'admin',
    url: u('/newsroom/editions'),
    form: () => ({ code: editionCode(), name: 'Suomi', locale: 'fi' }),
  },
  {
    method: 'POST',
    route: '/newsroom/editions/:id',
    policy: 'admin',
    url: u('/newsroom/editions/1'),
    form: () => ({ name: 'English', locale: 'en-GB', timeZone: 'UTC' }),
  },
  { method: 'POST', route: '/newsroom/editions/staff/:id', policy: 'admin', url: (f) => `/newsroom/editions/staff/${f.target}`, form: () => ({}) },
  {
    method: 'POST',
    route: '/newsroom/sections',
    policy: 'admin',
    url: u('/newsroom/sections'),
    form: () => ({ name: `Form section ${Math.random().toString(36).slice(2, 8)}` }),
  },
  {
    method: 'POST',
    route: '/newsroom/sections/:id',
    policy: 'admin',
    url: (f) => `/newsroom/sections/${f.sectionId}`,
    form: () => ({ name: 'Sport', slug: 'sport' }),
  },
  { method: 'GET', route: '/newsroom/people', policy: 'admin', url: u('/newsroom/people') },
  {
    method: 'POST',
    route: '/newsroom/people',
    policy: 'admin',
    url: u('/newsroom/people'),
    form: () => ({ email: `f${Math.random().toString(36).slice(2, 9)}@x.test`, displayName: 'Form Person', role: 'reporter' }),
  },
  {
    method: 'POST',
    route: '/newsroom/people/:id',
    policy: 'admin',
    url: (f) => `/newsroom/people/${f.target}`,
    form: () => ({ op: 'role', role: 'moderator' }),
  },
  { method: 'GET', route: '/newsroom/tokens', policy: 'staff', url: u('/newsroom/tokens') },
  { method: 'POST', route: '/newsroom/tokens', policy: 'staff', url: u('/newsroom/tokens'), form: () => ({ name: 'form token' }) },
  { method: 'POST', route: '/newsroom/tokens/:id/revoke', policy: 'staff', url: (f) => `/newsroom/tokens/${f.token}/revoke`, form: () => ({}) },
  { method: 'GET', route: '/newsroom/stations', policy: 'admin', url: u('/newsroom/stations') },
  { method: 'GET', route: '/newsroom/stations/new', policy: 'admin', url: u('/newsroom/stations/new') },
  { method: 'POST', route: '/newsroom/stations', policy: 'admin', url: u('/newsroom/stations'), form: () => stationForm() },
  { method: 'GET', route: '/newsroom/stations/:id', policy: 'admin', url: (f) => `/newsroom/stations/${f.station}` },
  { method: 'POST', route: '/newsroom/stations/:id', policy: 'admin', url: (f) => `/newsroom/stations/${f.station}`, form: () => stationForm() },
  { method: 'POST', route: '/newsroom/stations/:id/delete', policy: 'admin', url: (f) => `/newsroom/stations/${f.station}/delete`, form: () => ({}) },
  { method: 'GET', route: '/newsroom/account', policy: 'staff', url: u('/newsroom/account') },
  {
    method: 'POST',
    route: '/newsroom/account/password',
    policy: 'staff',
    url: u('/newsroom/account/password'),
    form: () => ({ current: 'wrong', next: 'whatever-else-1' }),
    expectAllowed: 400,
  },
  // (no code can be right here: the fixture does not know the caller's secret)
  {
    method: 'POST',
    route: '/newsroom/account/two-factor',
    policy: 'staff',
    url: u('/newsroom/account/two-factor'),
    form: () => ({ code: '000000' }),
    expectAllowed: 400,
  },
  {
    method: 'POST',
    route: '/newsroom/account/two-factor/recovery-codes',
    policy: 'staff',
    url: u('/newsroom/account/two-factor/recovery-codes'),
    form: () => ({ code: '000000' }),
    expectAllowed: 400,
  },
  {
    method: 'POST',
    route: '/newsroom/account/two-factor/disable',
    policy: 'staff',
    url: u('/newsroom/account/two-factor/disable'),
    form: () => ({ password: 'wrong', code: '000000' }),
    expectAllowed: 400,
  },
  {
    method: 'POST',
    route: '/newsroom/account/notifications',
    policy: 'staff',
    url: u('/newsroom/account/notifications'),
    form: () => ({ notifyNewDevice: 'on' }),
  },
  { method: 'POST', route: '/newsroom/account/language', policy: 'staff', url: u('/newsroom/account/language'), form: () => ({ language: 'en' }) },
  { method: 'GET', route: '/newsroom/audit', policy: 'admin', url: u('/newsroom/audit?action=article.&subject=article:1') },
  { method: 'GET', route: '/newsroom/mail', policy: 'admin', url: u('/newsroom/mail?status=sent') },
  // last: they end the caller's session
  { method: 'POST', route: '/newsroom/account/sign-out-everywhere', policy: 'staff', url: u('/newsroom/account/sign-out-everywhere'), form: () => ({}) },
  { method: 'POST', route: '/newsroom/sign-out', policy: 'reader', url: u('/newsroom/sign-out'), form: () => ({}) },
]

const ROLES: (StaffRole | 'anonymous')[] = ['anonymous', 'reporter', 'editor', 'moderator', 'admin']

/**
 * Who each policy admits, written out from issue 3 rather than read from the app's own rules
 * (`allows()` / `POLICY_ROLES`), so a wrong mapping there fails here. Reporters write and submit;
 * editors also edit anyone's copy, schedule, publish, unpublish and correct; moderators moderate;
 * admins manage people and sections, and may do everything the other roles may.
 */
const ALLOWED: Record<Policy, readonly (StaffRole | 'anonymous')[]> = {
  public: ['anonymous', 'reporter', 'editor', 'moderator', 'admin'],
  reader: ['reporter', 'editor', 'moderator', 'admin'],
  staff: ['reporter', 'editor', 'moderator', 'admin'],
  reporter: ['reporter', 'editor', 'admin'],
  editor: ['editor', 'admin'],
  moderator: ['moderator', 'admin'],
  admin: ['admin'],
}

/** Every row of every table (sessions by id only: signing a request refreshes last_seen_at), to see that nothing changed. */
async function everything(database: Database): Promise<Record<string, string>> {
  const { db } = database
  const tables = await sql<{
    name: string
  }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(db)
  const out: Record<string, string> = {}
  for (const { name } of tables.rows) {
    const rows = name === 'sessions' ? sql`select id_hash, account_id, csrf_token from sessions` : sql`select * from ${sql.table(name)}`
    const r = await sql<{
      n: number
      h: string
    }>`select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from (${rows}) t`.execute(db)
    out[name] = `${r.rows[0]!.n} rows ${r.rows[0]!.h}`
  }
  return out
}

describe('the permission table: every newsroom and admin-API route, every role', () => {
  let t: TestApp
  let admin: TestSession
  let sectionId: number
  let png: Buffer
  before(async () => {
    png = await solidPng(400, 300)
    t = await createTestApp({ demo: true })
    admin = await staffSession(t, 'admin')
    sectionId = (await t.database.db.selectFrom('sections').select('id').where('slug', '=', 'sport').executeTakeFirstOrThrow()).id
  })
  after(async () => {
    await t.close()
    await closeTemplate()
  })

  const call = (s: TestSession | undefined, method: string, url: string, payload?: { json?: unknown; form?: Record<string, string>; upload?: true }) => {
    const headers: Record<string, string> = { ...(s?.headers ?? {}) }
    if (payload?.upload) {
      const body = multipart({}, { bytes: png, filename: 'fixture.png' })
      return t.app.inject({ method: method as 'POST', url, headers: { ...headers, ...body.headers }, payload: body.payload })
    }
    if (payload?.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      return t.app.inject({
        method: method as 'POST',
        url,
        headers,
        payload: new URLSearchParams({ ...payload.form, ...(s ? { _csrf: s.csrf } : {}) }).toString(),
      })
    }
    return t.app.inject({ method: method as 'POST', url, headers, ...(payload?.json !== undefined ? { payload: payload.json as object } : {}) })
  }

  /** Which fixture fields a case uses, found by calling its builders on a recording proxy. */
  function needsOf(c: Case): Set<string> {
    const seen = new Set<string>()
    const probe = new Proxy({} as Fixture, { get: (_t, k) => (seen.add(String(k)), 1) })
    c.url(probe)
    c.json?.(probe)
    c.form?.(probe)
    c.upload?.(probe)
    return seen
  }

  /** Makes only what the case needs, fresh for this caller, so an allowed request can succeed. */
  let otherEditionSection: number | undefined
  async function fixture(actor: TestSession | undefined, needs: Set<string>): Promise<Fixture> {
    const f = { sectionId } as Fixture
    const owner = actor && actor.principal.role !== 'moderator' ? actor : admin
    if (needs.has('translation')) {
      if (otherEditionSection === undefined) {
        const e = await call(admin, 'POST', '/api/admin/editions', { json: { code: 'de', name: 'Deutsch', locale: 'de-DE', timeZone: 'Europe/Berlin' } })
        assert.equal(e.statusCode, 201, e.body)
        const sec = await t.app.inject({ method: 'POST', url: '/de/api/admin/sections', headers: admin.headers, payload: { name: 'Nachrichten' } })
        assert.equal(sec.statusCode, 201, sec.body)
        otherEditionSection = sec.json().id as number
      }
      f.translation = (await call(admin, 'POST', '/api/admin/articles', { json: { headline: 'Übersetzung', sectionId: otherEditionSection } })).json()
        .id as number
    }
    if (needs.has('article')) {
      const created = await call(owner, 'POST', '/api/admin/articles', { json: { headline: 'Fixture draft', sectionId } })
      assert.equal(created.statusCode, 201, created.body)
      f.article = created.json().id as number
      assert.equal(
        (await call(owner, 'PUT', `/api/admin/articles/${f.article}`, { json: { headline: 'Fixture draft, second save', sectionId } })).statusCode,
        200,
      )
    }
    if (needs.has('live') || needs.has('entry')) {
      f.live = (await call(admin, 'POST', '/api/admin/articles', { json: { headline: 'Fixture live', sectionId } })).json().id as number
      assert.equal((await call(admin, 'POST', `/api/admin/articles/${f.live}/workflow`, { json: { action: 'publish' } })).statusCode, 200)
      const asJson = { ...admin.headers, accept: 'application/json' }
      assert.equal((await t.app.inject({ method: 'POST', url: `/newsroom/articles/${f.live}/live/start`, headers: asJson, payload: {} })).statusCode, 200)
      if (needs.has('entry'))
        f.entry = (
          await t.app.inject({ method: 'POST', url: `/newsroom/articles/${f.live}/live/entries`, headers: asJson, payload: { text: 'Fixture update' } })
        ).json().id as number
    }
    if (needs.has('published') || needs.has('comment')) {
      f.published = (await call(admin, 'POST', '/api/admin/articles', { json: { headline: 'Fixture published', sectionId } })).json().id as number
      assert.equal((await call(admin, 'POST', `/api/admin/articles/${f.published}/workflow`, { json: { action: 'publish' } })).statusCode, 200)
    }
    if (needs.has('target')) {
      // a staff account to act on; its password is never used, so no (slow) argon2 hash is made
      f.target = (
        await t.database.db
          .insertInto('accounts')
          .values({
            kind: 'staff',
            role: 'reporter',
            email: `target-${Math.random().toString(36).slice(2)}@x.test`,
            display_name: 'Target',
            password_hash: 'unused',
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
    }
    if (needs.has('token')) f.token = (await call(actor ?? admin, 'POST', '/api/admin/tokens', { json: { name: 'to revoke' } })).json().id as number
    if (needs.has('station')) f.station = (await t.app.live.stations.create(1, stationJson())).id
    if (needs.has('link')) f.link = (await call(admin, 'POST', '/api/admin/links', { json: { url: 'https://example.org/fixture' } })).json().link.id as number
    if (needs.has('media')) f.media = (await (t.app as unknown as { media: MediaService }).media.upload({ file: png, filename: 'fixture.png', by: null })).id
    if (needs.has('reader') || needs.has('comment')) f.reader = (await createReader(t.database.db)).id
    if (needs.has('comment')) {
      f.comment = (
        await t.database.db
          .insertInto('comments')
          .values({
            article_id: f.published,
            parent_id: null,
            author_id: f.reader,
            body: 'A held comment',
            status: 'pending',
            moderation_rule: 'new-reader',
            created_at: new Date(),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
    }
    return f
  }

  test('every newsroom and admin-API route is in the table with the policy it declares', () => {
    const declared = t.app.routePolicies.filter((r) => r.url.startsWith('/newsroom') || r.url.startsWith('/api/admin'))
    const tabled = new Map(CASES.map((c) => [`${c.method} ${c.route}`, c.policy]))
    tabled.set('GET /newsroom/sign-in', 'public')
    tabled.set('POST /newsroom/sign-in', 'public')
    // the steps before a session exists: the code of a two-factor sign-in, a forgotten password
    for (const path of ['/newsroom/sign-in/code', '/newsroom/forgot-password', '/newsroom/reset-password'])
      for (const method of ['GET', 'POST']) tabled.set(`${method} ${path}`, 'public')
    for (const r of declared) assert.equal(tabled.get(`${r.method} ${r.url}`), r.policy, `${r.method} ${r.url} declares ${r.policy}`)
    assert.equal(declared.length, tabled.size, 'the table lists a route that does not exist')
  })

  test('CSRF: every state-changing route refuses a signed-in request without the token (403) and changes nothing', async () => {
    // an admin may call every route, so the missing token is the only reason to refuse
    const s = await staffSession(t, 'admin')
    const forged = (method: string, url: string, payload: { json?: unknown; form?: Record<string, string>; upload?: true }, token?: string) => {
      const headers: Record<string, string> = { cookie: s.cookie, ...(token ? { 'x-csrf-token': token } : {}) }
      if (payload.upload) {
        const body = multipart({}, { bytes: png, filename: 'forged.png' })
        return t.app.inject({ method: method as 'POST', url, headers: { ...headers, ...body.headers }, payload: body.payload })
      }
      if (payload.form)
        return t.app.inject({
          method: method as 'POST',
          url,
          headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams(payload.form).toString(),
        })
      return t.app.inject({ method: method as 'POST', url, headers, ...(payload.json !== undefined ? { payload: payload.json as object } : {}) })
    }
    const writes = CASES.filter((c) => c.method !== 'GET')
    assert.ok(writes.length >= 40, `${writes.length} state-changing routes in the table`)
    for (const c of writes) {
      const f = await fixture(admin, needsOf(c))
      const payload = { ...(c.json ? { json: c.json(f) } : {}), ...(c.form ? { form: c.form(f) } : {}), ...(c.upload ? { upload: true as const } : {}) }
      const before = await everything(t.database)
      assert.ok(Object.keys(before).length > 20, 'every table is watched')
      for (const token of [undefined, 'forged-token']) {
        const res = await forged(c.method, c.url(f), payload, token)
        const what = `${c.method} ${c.url(f)} ${token ? 'with a forged token' : 'without a token'} → ${res.statusCode} ${res.body.slice(0, 160)}`
        assert.equal(res.statusCode, 403, what)
        if (c.json) assert.equal(res.json().error.code, 'CSRF_INVALID', what)
        else assert.match(res.body, /security token|CSRF|form has expired/i, what)
      }
      assert.deepEqual(await everything(t.database), before, `${c.method} ${c.route} changed something without a CSRF token`)
    }
    // and every other state-changing route of the app (reader accounts, discussion, sign-in), with a session cookie
    const tabled = new Set(writes.map((c) => `${c.method} ${c.route}`))
    const others = t.app.routePolicies.filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method) && r.csrf && !tabled.has(`${r.method} ${r.url}`))
    assert.ok(
      others.some((r) => r.url === '/discussion/:articleId/comments'),
      'reader routes are swept too',
    )
    const before = await everything(t.database)
    for (const r of others) {
      const url = r.url.replace(/:[a-zA-Z]+/g, '1')
      const res = await forged(r.method, url, { json: { email: s.email, password: s.password, body: 'A comment', name: 'Someone' } })
      assert.equal(res.statusCode, 403, `${r.method} ${url} → ${res.statusCode} ${res.body.slice(0, 160)}`)
    }
    assert.deepEqual(await everything(t.database), before)
    // the same session with its token is let through (so the refusals above were about the token)
    assert.equal((await forged('POST', '/api/admin/tokens', { json: { name: 'with token' } }, s.csrf)).statusCode, 201)
  })

  test('what each role may do to an article, as issue 3 lists it', async () => {
    // the roles that may, written out; everyone else is refused (403) and the article stays as it was
    const MAY: Record<string, readonly StaffRole[]> = {
      'edit their own draft': ['reporter', 'editor', 'admin'],
      'submit their own draft for review': ['reporter', 'editor', 'admin'],
      "edit someone else's draft": ['editor', 'admin'],
      // what readers see changes only when an editor puts the working copy live
      'change a published article': ['editor', 'admin'],
      'propose changes to their own published article': ['reporter', 'editor', 'admin'],
      schedule: ['editor', 'admin'],
      publish: ['editor', 'admin'],
      unpublish: ['editor', 'admin'],
      correct: ['editor', 'admin'],
    }
    const writer = await staffSession(t, 'reporter')
    const status = async (id: number) =>
      await t.database.db.selectFrom('articles').select(['status', 'headline']).where('id', '=', id).executeTakeFirstOrThrow()
    const article = async (owner: TestSession, state: 'draft' | 'review' | 'published') => {
      const id = (await call(admin, 'POST', '/api/admin/articles', { json: { headline: `Powers ${state}`, sectionId } })).json().id as number
      await t.database.db.updateTable('articles').set({ created_by: owner.principal.id }).where('id', '=', id).execute()
      await t.database.db.deleteFrom('article_authors').where('article_id', '=', id).execute()
      if (state !== 'draft')
        assert.equal(
          (await call(admin, 'POST', `/api/admin/articles/${id}/workflow`, { json: { action: state === 'review' ? 'submit' : 'publish' } })).statusCode,
          200,
        )
      return id
    }
    for (const role of ['reporter', 'editor', 'moderator', 'admin'] as const) {
      const s = await staffSession(t, role)
      const tries: Record<string, () => Promise<{ res: { statusCode: number; body: string }; changed: () => Promise<boolean> }>> = {
        'edit their own draft': async () => {
          const id = await article(s, 'draft')
          return {
            res: await call(s, 'PUT', `/api/admin/articles/${id}`, { json: { headline: 'Rewritten', sectionId } }),
            changed: async () => (await status(id)).headline === 'Rewritten',
          }
        },
        'submit their own draft for review': async () => {
          const id = await article(s, 'draft')
          return {
            res: await call(s, 'POST', `/api/admin/articles/${id}/workflow`, { json: { action: 'submit' } }),
            changed: async () => (await status(id)).status === 'review',
          }
        },
        "edit someone else's draft": async () => {
          const id = await article(writer, 'draft')
          return {
            res: await call(s, 'PUT', `/api/admin/articles/${id}`, { json: { headline: 'Rewritten', sectionId } }),
            changed: async () => (await status(id)).headline === 'Rewritten',
          }
        },
        'change a published article': async () => {
          const id = await article(s, 'published')
          await call(s, 'PUT', `/api/admin/articles/${id}`, { json: { headline: 'Rewritten', sectionId } })
          return {
            res: await call(s, 'POST', `/api/admin/articles/${id}/workflow`, { json: { action: 'update', note: 'New headline' } }),
            changed: async () => (await status(id)).headline === 'Rewritten',
          }
        },
        'propose changes to their own published article': async () => {
          const id = await article(s, 'published')
          return {
            res: await call(s, 'PUT', `/api/admin/articles/${id}`, { json: { headline: 'Proposed', sectionId } }),
            changed: async () =>
              (await status(id)).headline !== 'Proposed' &&
              (await t.database.db.selectFrom('article_working_copies').select('article_id').where('article_id', '=', id).executeTakeFirst()) !== undefined,
          }
        },
        schedule: async () => {
          const id = await article(writer, 'review')
          return {
            res: await call(s, 'POST', `/api/admin/articles/${id}/workflow`, { json: { action: 'schedule', scheduledFor: '2099-01-01T08:00:00Z' } }),
            changed: async () => (await status(id)).status === 'scheduled',
          }
        },
        publish: async () => {
          const id = await article(writer, 'review')
          return {
            res: await call(s, 'POST', `/api/admin/articles/${id}/workflow`, { json: { action: 'publish' } }),
            changed: async () => (await status(id)).status === 'published',
          }
        },
        unpublish: async () => {
          const id = await article(writer, 'published')
          return {
            res: await call(s, 'POST', `/api/admin/articles/${id}/workflow`, { json: { action: 'unpublish' } }),
            changed: async () => (await status(id)).status === 'unpublished',
          }
        },
        correct: async () => {
          const id = await article(writer, 'published')
          const n = async () => (await t.database.db.selectFrom('article_corrections').select('id').where('article_id', '=', id).execute()).length
          return {
            res: await call(s, 'POST', `/api/admin/articles/${id}/corrections`, { json: { text: 'A date was wrong.' } }),
            changed: async () => (await n()) === 1,
          }
        },
      }
      assert.deepEqual(Object.keys(tries).sort(), Object.keys(MAY).sort())
      for (const [power, attempt] of Object.entries(tries)) {
        const { res, changed } = await attempt()
        const what = `${role} may ${MAY[power]!.includes(role) ? '' : 'not '}${power}: ${res.statusCode} ${res.body.slice(0, 160)}`
        if (MAY[power]!.includes(role)) {
          assert.ok(res.statusCode === 200 || res.statusCode === 201, what)
          assert.equal(await changed(), true, what)
        } else {
          assert.equal(res.statusCode, 403, what)
          assert.equal(await changed(), false, what)
        }
      }
    }
  })

  const latestAuditId = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.max('id').as('id'))
          .executeTakeFirst()
      )?.id ?? 0,
    )
  /** The state-changing routes seen to leave an audit entry (checked after the roles below have run). */
  const audited = new Set<string>()

  for (const role of ROLES) {
    test(`as ${role}`, async () => {
      const s = role === 'anonymous' ? undefined : await staffSession(t, role)
      for (const c of CASES) {
        const f = await fixture(s, needsOf(c))
        const lastAudit = await latestAuditId()
        const res = await call(s, c.method, c.url(f), {
          ...(c.json ? { json: c.json(f) } : {}),
          ...(c.form ? { form: c.form(f) } : {}),
          ...(c.upload ? { upload: true as const } : {}),
        })
        // a route that rotates the session hands the browser a new cookie: keep using it
        const rotated = ([] as string[])
          .concat((res.headers['set-cookie'] as string[] | string | undefined) ?? [])
          .find((x) => x.startsWith('dl_session=') && !x.startsWith('dl_session=;'))
        if (s && rotated) {
          s.cookie = rotated.split(';')[0]!
          s.headers.cookie = s.cookie
          const page = await t.app.inject({ method: 'GET', url: '/newsroom/account', headers: { cookie: s.cookie } })
          s.csrf = /name="csrf-token" content="([^"]+)"/.exec(page.body)![1]!
          s.headers['x-csrf-token'] = s.csrf
        }
        const what = `${role} ${c.method} ${c.url(f)} → ${res.statusCode} ${res.body.slice(0, 160)}`
        if (ALLOWED[c.policy].includes(role)) {
          const ok =
            c.expectAllowed !== undefined
              ? res.statusCode === c.expectAllowed
              : (res.statusCode >= 200 && res.statusCode < 300) || (c.form !== undefined && res.statusCode === 303)
          assert.ok(ok, `allowed: ${what}`)
          // every staff action that changes data is in the audit log, with who did it
          if (c.method !== 'GET' && res.statusCode < 400) {
            const entries = await t.database.db
              .selectFrom('audit_log')
              .select(['action', 'actor_id', 'subject_type', 'subject_id'])
              .where('id', '>', lastAudit)
              .where('actor_id', '=', s!.principal.id)
              .execute()
            assert.ok(entries.length > 0, `no audit entry by the caller: ${what}`)
            audited.add(`${c.method} ${c.route}`)
          }
        } else if (!s) {
          if (c.method === 'GET' && c.route.startsWith('/newsroom')) {
            assert.equal(res.statusCode, 303, what)
            assert.match(res.headers.location as string, /^\/newsroom\/sign-in\?next=/)
          } else assert.equal(res.statusCode, 401, what)
        } else {
          assert.equal(res.statusCode, 403, what)
        }
      }
    })
  }

  test('the audit walk covered every state-changing staff route that can succeed', () => {
    const writes = CASES.filter((c) => c.method !== 'GET' && c.expectAllowed === undefined).map((c) => `${c.method} ${c.route}`)
    assert.ok(writes.length >= 40, `${writes.length} routes walked`)
    assert.deepEqual(
      writes.filter((w) => !audited.has(w)),
      [],
    )
  })
})
