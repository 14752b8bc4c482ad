import { sql, type Kysely } from 'kysely'
import { recordAudit } from '../accounts/audit.ts'
import type { EditionContexts } from '../content/edition-context.ts'
import { toEdition } from '../content/people-store.ts'
import { RESERVED_SEGMENTS } from '../content/slug.ts'
import type { DateStyle, Edition, TextDirection } from '../content/types.ts'
import type { DB } from '../db/schema.ts'
import type { Queryable } from '../db/types.ts'
import { isUniqueViolation } from '../db/types.ts'
import { AppError, type FieldProblem } from '../errors.ts'
import type { EventBus } from '../events.ts'
import type { Principal } from '../http/permissions.ts'

/** What an admin sends to add or change an edition (every field but the code may change later). */
export interface EditionInput {
  code?: string | undefined
  name?: string | undefined
  locale?: string | undefined
  region?: string | null | undefined
  timeZone?: string | undefined
  direction?: TextDirection | undefined
  numberingSystem?: string | undefined
  dateStyle?: DateStyle | undefined
  slugStyle?: 'unicode' | 'ascii' | undefined
  searchConfig?: string | undefined
  position?: number | undefined
}

/** Languages written right to left (ISO 639). */
const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ku', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi'])

/** PostgreSQL's Snowball text-search configurations by ISO 639-1 language; others search with "simple". */
const SEARCH_CONFIGS: Record<string, string> = {
  ar: 'arabic',
  hy: 'armenian',
  eu: 'basque',
  ca: 'catalan',
  da: 'danish',
  nl: 'dutch',
  en: 'english',
  et: 'estonian',
  fi: 'finnish',
  fr: 'french',
  de: 'german',
  el: 'greek',
  hi: 'hindi',
  hu: 'hungarian',
  id: 'indonesian',
  ga: 'irish',
  it: 'italian',
  lt: 'lithuanian',
  ne: 'nepali',
  nb: 'norwegian',
  no: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sr: 'serbian',
  es: 'spanish',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
  yi: 'yiddish',
}

const NUMBERING_SYSTEMS: ReadonlySet<string> = new Set(Intl.supportedValuesOf('numberingSystem'))
const TIME_ZONES: ReadonlySet<string> = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC'])

/** The defaults an edition in this locale starts with: direction, digits and search configuration. */
export function editionDefaults(locale: string): { language: string; direction: TextDirection; numberingSystem: string; searchConfig: string } {
  const language = new Intl.Locale(locale).language
  return {
    language,
    direction: RTL_LANGUAGES.has(language) ? 'rtl' : 'ltr',
    numberingSystem: new Intl.NumberFormat(locale).resolvedOptions().numberingSystem,
    searchConfig: SEARCH_CONFIGS[language] ?? 'simple',
  }
}

/** The canonical form of a BCP 47 locale, or undefined when it is not one. */
function canonicalLocale(value: string): string | undefined {
  try {
    const [canonical] = Intl.getCanonicalLocales(value)
    return canonical && canonical.length <= 35 ? canonical : undefined
  } catch {
    return undefined
  }
}

/** Which editions a staff member may work in: 'all' (admins, and anyone not limited), or the ids. */
export async function editionsOf(db: Queryable, who: Principal | null): Promise<'all' | number[]> {
  if (!who || who.kind !== 'staff') return []
  if (who.role === 'admin') return 'all'
  const rows = await db.selectFrom('account_editions').select('edition_id').where('account_id', '=', who.id).execute()
  return rows.length === 0 ? 'all' : rows.map((r) => r.edition_id)
}

/** True when this staff member may work in this edition. */
export async function mayWorkIn(db: Queryable, who: Principal | null, editionId: number): Promise<boolean> {
  const allowed = await editionsOf(db, who)
  return allowed === 'all' || allowed.includes(editionId)
}

/** Adding and changing editions (admins), and limiting staff to some of them. */
export function createEditionAdmin(deps: { db: Kysely<DB>; events: EventBus; now: () => Date; editions?: EditionContexts }) {
  const { db } = deps

  async function check(input: EditionInput, before?: Edition): Promise<{ problems: FieldProblem[]; row: Record<string, unknown> }> {
    const problems: FieldProblem[] = []
    const row: Record<string, unknown> = {}
    if (!before) {
      const code = (input.code ?? '').trim()
      if (!/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/.test(code)) {
        problems.push({
          field: 'code',
          message: 'The code is the edition’s URL prefix: 2 or 3 lowercase letters, optionally a hyphen and a variant (“ru”, “pt-br”).',
        })
      } else if (RESERVED_SEGMENTS.has(code)) {
        problems.push({ field: 'code', message: `“${code}” is used by the site itself; choose another code.` })
      } else {
        // the default edition's top-level sections live at /<slug>/: a prefix may not hide one
        const clash = await db
          .selectFrom('sections')
          .innerJoin('editions', 'editions.id', 'sections.edition_id')
          .select('sections.name')
          .where('editions.is_default', '=', true)
          .where('sections.parent_id', 'is', null)
          .where('sections.slug', '=', code)
          .executeTakeFirst()
        if (clash) problems.push({ field: 'code', message: `The section “${clash.name}” already answers at /${code}/; choose another code.` })
      }
      row.code = code
    }
    if (input.name !== undefined || !before) {
      const name = (input.name ?? '').replace(/\s+/g, ' ').trim()
      if (name.length < 1 || name.length > 120) problems.push({ field: 'name', message: 'The name must be 1 to 120 characters.' })
      row.name = name
    }
    let locale = before?.locale
    if (input.locale !== undefined || !before) {
      locale = canonicalLocale((input.locale ?? '').trim())
      if (!locale) problems.push({ field: 'locale', message: 'The locale must be a BCP 47 language tag, such as “ru”, “ar-EG” or “zh-Hans-CN”.' })
      else row.locale = locale
    }
    const defaults = locale ? editionDefaults(locale) : undefined
    if (defaults && input.locale !== undefined) row.language = defaults.language
    if (input.region !== undefined || (!before && defaults)) {
      const region =
        input.region === undefined
          ? locale
            ? (new Intl.Locale(locale).region ?? null)
            : null
          : input.region === null || input.region === ''
            ? null
            : input.region.trim()
      if (region !== null && !/^[A-Z]{2}$|^[0-9]{3}$/.test(region))
        problems.push({ field: 'region', message: 'The region is a two-letter country code in capitals (“EG”) or a UN M49 number.' })
      row.region = region
    }
    if (input.timeZone !== undefined || !before) {
      const zone = (input.timeZone ?? 'UTC').trim()
      if (!TIME_ZONES.has(zone))
        problems.push({ field: 'timeZone', message: `“${zone.slice(0, 60)}” is not a time zone name such as “Europe/Moscow” or “UTC”.` })
      row.time_zone = zone
    }
    if (input.direction !== undefined || (!before && defaults)) {
      const direction = input.direction ?? defaults?.direction
      if (direction !== 'ltr' && direction !== 'rtl') problems.push({ field: 'direction', message: 'The direction is “ltr” or “rtl”.' })
      row.direction = direction
    }
    if (input.numberingSystem !== undefined || (!before && defaults)) {
      const nu = input.numberingSystem ?? defaults?.numberingSystem ?? 'latn'
      if (!NUMBERING_SYSTEMS.has(nu))
        problems.push({ field: 'numberingSystem', message: `“${nu.slice(0, 20)}” is not a numbering system (“latn”, “arab”, “arabext”, “deva”…).` })
      row.numbering_system = nu
    }
    if (input.dateStyle !== undefined) {
      if (!['wire', 'long', 'numeric'].includes(input.dateStyle))
        problems.push({ field: 'dateStyle', message: 'The date style is “wire”, “long” or “numeric”.' })
      row.date_style = input.dateStyle
    }
    if (input.slugStyle !== undefined) {
      if (!['unicode', 'ascii'].includes(input.slugStyle)) problems.push({ field: 'slugStyle', message: 'The slug style is “unicode” or “ascii”.' })
      row.slug_style = input.slugStyle
    }
    if (input.searchConfig !== undefined || (!before && defaults)) {
      const cfg = input.searchConfig ?? defaults?.searchConfig ?? 'simple'
      const exists =
        /^[a-z_]{1,63}$/.test(cfg) && (await sql<{ n: number }>`select count(*)::int as n from pg_ts_config where cfgname = ${cfg}`.execute(db)).rows[0]?.n
      if (!exists) problems.push({ field: 'searchConfig', message: `The database has no text-search configuration “${cfg.slice(0, 63)}”.` })
      row.search_config = cfg
    }
    if (input.position !== undefined) {
      if (!Number.isInteger(input.position) || input.position < 0 || input.position > 10000)
        problems.push({ field: 'position', message: 'The position is a whole number from 0 to 10000.' })
      row.position = input.position
    }
    return { problems, row }
  }

  const changed = async () => {
    // this node answers under the new prefix at once; the others when the event reaches them
    deps.editions?.clear()
    await deps.editions?.refreshPrefixes()
    // every page lists the editions (switcher, hreflang); prefixes are read again on every node
    const def = await db.selectFrom('editions').select('id').where('is_default', '=', true).executeTakeFirst()
    await deps.events.emit('sections.changed', { editionId: def?.id ?? 1 })
  }

  return {
    async list(): Promise<Edition[]> {
      const rows = await db.selectFrom('editions').selectAll().orderBy('is_default', 'desc').orderBy('position').orderBy('id').execute()
      return rows.map(toEdition)
    },

    async create(input: EditionInput, actorId: number): Promise<Edition> {
      const { problems, row } = await check(input)
      if (problems.length) throw new AppError('VALIDATION_FAILED', { message: 'The edition was not added.', fields: problems })
      if (row.position === undefined) {
        const last = await db
          .selectFrom('editions')
          .select((eb) => eb.fn.max('position').as('p'))
          .executeTakeFirst()
        row.position = Math.min(10000, Number(last?.p ?? 0) + 1)
      }
      try {
        const created = await db
          .insertInto('editions')
          .values(row as never)
          .returningAll()
          .executeTakeFirstOrThrow()
        await recordAudit(db, {
          actorId,
          action: 'edition.create',
          subjectType: 'edition',
          subjectId: created.id,
          detail: { code: created.code },
          at: deps.now(),
        })
        await changed()
        return toEdition(created)
      } catch (e) {
        if (isUniqueViolation(e))
          throw new AppError('CONFLICT', {
            message: 'An edition with that code already exists.',
            fields: [{ field: 'code', message: 'An edition with that code already exists.' }],
          })
        throw e
      }
    },

    async update(id: number, input: EditionInput, actorId: number): Promise<Edition> {
      const before = await db.selectFrom('editions').selectAll().where('id', '=', id).executeTakeFirst()
      if (!before) throw new AppError('NOT_FOUND', { message: 'That edition does not exist.' })
      if (input.code !== undefined && input.code !== before.code)
        throw new AppError('VALIDATION_FAILED', {
          message: 'The edition was not saved.',
          fields: [{ field: 'code', message: 'An edition’s code is its URL prefix and cannot change once it has pages.' }],
        })
      const { problems, row } = await check(input, toEdition(before))
      if (problems.length) throw new AppError('VALIDATION_FAILED', { message: 'The edition was not saved.', fields: problems })
      if (Object.keys(row).length === 0) return toEdition(before)
      const updated = await db
        .updateTable('editions')
        .set(row as never)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow()
      await recordAudit(db, { actorId, action: 'edition.update', subjectType: 'edition', subjectId: id, detail: { fields: Object.keys(row) }, at: deps.now() })
      await changed()
      return toEdition(updated)
    },

    /** Limits a staff member to these editions (none: every edition). */
    async limitStaff(accountId: number, editionIds: number[], actorId: number): Promise<void> {
      const ids = [...new Set(editionIds)]
      await db.transaction().execute(async (trx) => {
        const account = await trx.selectFrom('accounts').select(['id', 'kind']).where('id', '=', accountId).executeTakeFirst()
        if (!account || account.kind !== 'staff') throw new AppError('NOT_FOUND', { message: 'That staff account does not exist.' })
        if (ids.length) {
          const found = await trx.selectFrom('editions').select('id').where('id', 'in', ids).execute()
          if (found.length !== ids.length)
            throw new AppError('VALIDATION_FAILED', {
              message: 'Not saved.',
              fields: [{ field: 'editionIds', message: 'One of those editions does not exist.' }],
            })
        }
        await trx.deleteFrom('account_editions').where('account_id', '=', accountId).execute()
        if (ids.length)
          await trx
            .insertInto('account_editions')
            .values(ids.map((edition_id) => ({ account_id: accountId, edition_id })))
            .execute()
        await recordAudit(trx, {
          actorId,
          action: 'account.editions',
          subjectType: 'account',
          subjectId: accountId,
          detail: { editionIds: ids },
          at: deps.now(),
        })
      })
    },
  }
}

export type EditionAdmin = ReturnType<typeof createEditionAdmin>
