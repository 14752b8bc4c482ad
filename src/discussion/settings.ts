import type { Queryable } from '../db/types.ts'
import type { FieldProblem } from '../errors.ts'

/** Site-wide discussion settings, editable by admins in the newsroom. */
export interface DiscussionSettings {
  /** Shortest and longest comment, in characters. */
  minLength: number
  maxLength: number
  /** How long after posting a reader may still edit a comment. */
  editWindowMinutes: number
  /** Discussion closes this many days after first publication (0: never). */
  closeAfterDays: number
  /** More links than this and the comment is refused. */
  maxLinks: number
  /** Words or phrases that get a comment rejected; `word*` matches any ending. */
  bannedWords: string[]
  /** Words or phrases that get a comment held for a moderator. */
  suspectWords: string[]
  /** Comments one reader may post per window, and from one address. */
  readerRate: { limit: number; windowMinutes: number }
  ipRate: { limit: number; windowMinutes: number }
  /** The same text again from the same reader within this window is refused. */
  repeatWindowMinutes: number
  /** A reader's comments are held until this many of theirs have been approved. */
  holdFirstComments: number
}

export const DEFAULT_SETTINGS: DiscussionSettings = {
  minLength: 2,
  maxLength: 2000,
  editWindowMinutes: 15,
  closeAfterDays: 0,
  maxLinks: 2,
  bannedWords: [],
  suspectWords: [],
  readerRate: { limit: 5, windowMinutes: 5 },
  ipRate: { limit: 30, windowMinutes: 10 },
  repeatWindowMinutes: 60,
  holdFirstComments: 1,
}

/** The hard ceiling of any comment (the column allows 10,000). */
export const MAX_COMMENT_LENGTH = 10_000

const RANGES: Record<
  'minLength' | 'maxLength' | 'editWindowMinutes' | 'closeAfterDays' | 'maxLinks' | 'repeatWindowMinutes' | 'holdFirstComments',
  [number, number, string]
> = {
  minLength: [1, 100, 'Shortest comment'],
  maxLength: [10, MAX_COMMENT_LENGTH, 'Longest comment'],
  editWindowMinutes: [0, 1440, 'Edit window'],
  closeAfterDays: [0, 3650, 'Close after'],
  maxLinks: [0, 50, 'Most links'],
  repeatWindowMinutes: [0, 10080, 'Repeat window'],
  holdFirstComments: [0, 100, 'Hold first comments'],
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v)

/** Cleans a word list: one entry per line, trimmed, lower-cased, no duplicates, at most 500. */
export function cleanWordList(text: string | string[]): string[] {
  const lines = Array.isArray(text) ? text : text.split(/[\r\n]+/)
  const out = new Set<string>()
  for (const l of lines) {
    const w = l.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ')
    if (w && w.length <= 60) out.add(w)
  }
  return [...out].slice(0, 500)
}

/** Stored settings (possibly partial or from an older version) merged over the defaults. */
export function withDefaults(stored: unknown): DiscussionSettings {
  const s = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>
  const out: DiscussionSettings = structuredClone(DEFAULT_SETTINGS)
  for (const [key, [min, max]] of Object.entries(RANGES) as [keyof typeof RANGES, [number, number, string]][]) {
    const v = s[key]
    if (isInt(v) && v >= min && v <= max) out[key] = v
  }
  for (const key of ['bannedWords', 'suspectWords'] as const)
    if (Array.isArray(s[key])) out[key] = cleanWordList((s[key] as unknown[]).filter((x): x is string => typeof x === 'string'))
  for (const key of ['readerRate', 'ipRate'] as const) {
    const r = s[key] as { limit?: unknown; windowMinutes?: unknown } | undefined
    if (r && isInt(r.limit) && r.limit >= 1 && r.limit <= 10_000 && isInt(r.windowMinutes) && r.windowMinutes >= 1 && r.windowMinutes <= 1440)
      out[key] = { limit: r.limit, windowMinutes: r.windowMinutes }
  }
  if (out.minLength > out.maxLength) out.minLength = DEFAULT_SETTINGS.minLength
  return out
}

/** Settings from the admin form's fields; problems name each bad field. */
export function settingsFromForm(form: Record<string, string | undefined>): { settings: DiscussionSettings; problems: FieldProblem[] } {
  const problems: FieldProblem[] = []
  const num = (name: string, min: number, max: number, label: string): number => {
    const text = (form[name] ?? '').trim()
    const n = /^\d{1,6}$/.test(text) ? Number(text) : NaN
    if (!(n >= min && n <= max)) problems.push({ field: name, message: `${label} must be a whole number from ${min} to ${max}.` })
    return n
  }
  const settings = structuredClone(DEFAULT_SETTINGS)
  for (const [key, [min, max, label]] of Object.entries(RANGES) as [keyof typeof RANGES, [number, number, string]][]) settings[key] = num(key, min, max, label)
  settings.readerRate = {
    limit: num('readerRate.limit', 1, 10_000, 'Comments per reader'),
    windowMinutes: num('readerRate.windowMinutes', 1, 1440, 'Reader window'),
  }
  settings.ipRate = { limit: num('ipRate.limit', 1, 10_000, 'Comments per address'), windowMinutes: num('ipRate.windowMinutes', 1, 1440, 'Address window') }
  settings.bannedWords = cleanWordList(form.bannedWords ?? '')
  settings.suspectWords = cleanWordList(form.suspectWords ?? '')
  if (problems.length === 0 && settings.minLength > settings.maxLength)
    problems.push({ field: 'minLength', message: 'The shortest comment cannot be longer than the longest.' })
  return { settings, problems }
}

/** Reads the site-wide settings. */
export async function getSettings(db: Queryable): Promise<DiscussionSettings> {
  const row = await db.selectFrom('discussion_settings').select('settings').where('id', '=', 1).executeTakeFirst()
  return withDefaults(row?.settings)
}

/** Saves the site-wide settings. */
export async function updateSettings(db: Queryable, settings: DiscussionSettings, actorId: number | null, now: Date): Promise<void> {
  await db
    .insertInto('discussion_settings')
    .values({ id: 1, settings: JSON.stringify(settings), updated_at: now, updated_by: actorId })
    .onConflict((oc) => oc.column('id').doUpdateSet({ settings: JSON.stringify(settings), updated_at: now, updated_by: actorId }))
    .execute()
}
