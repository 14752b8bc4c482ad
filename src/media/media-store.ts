import { sql, type Insertable, type Selectable } from 'kysely'
import type { Queryable } from '../db/types.ts'
import type { MediaTable } from './tables.ts'

export type MediaRow = Selectable<MediaTable> & { uploader_name: string | null }

/** The media table's queries (the media module owns it; others ask the media service). */
export function createMediaStore(db: Queryable) {
  const base = () =>
    db.selectFrom('media').leftJoin('accounts', 'accounts.id', 'media.uploaded_by').selectAll('media').select('accounts.display_name as uploader_name')
  return {
    async getMedia(id: number): Promise<MediaRow | undefined> {
      return base().where('media.id', '=', id).executeTakeFirst()
    },

    async getMediaMany(ids: number[]): Promise<MediaRow[]> {
      if (ids.length === 0) return []
      return base().where('media.id', 'in', ids).execute()
    },

    /** Newest first; `text` matches caption, credit, copyright, alt, file name or the uploader's name. */
    async findMedia(q: { text?: string | undefined; licence?: 'expiring' | 'expired' | undefined; now: Date; warnUntil: Date; limit: number; offset: number }) {
      let query = base()
      if (q.text) {
        const like = `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
        query = query.where((eb) =>
          eb.or([
            eb('media.caption', 'ilike', like),
            eb('media.credit', 'ilike', like),
            eb('media.copyright', 'ilike', like),
            eb('media.alt', 'ilike', like),
            eb('media.filename', 'ilike', like),
            eb('accounts.display_name', 'ilike', like),
          ]),
        )
      }
      if (q.licence === 'expired') query = query.where('media.licence_expires_at', '<=', q.now)
      if (q.licence === 'expiring') query = query.where('media.licence_expires_at', '>', q.now).where('media.licence_expires_at', '<=', q.warnUntil)
      return query.orderBy('media.uploaded_at', 'desc').orderBy('media.id', 'desc').limit(q.limit).offset(q.offset).execute()
    },

    /** How many pictures' licences have passed or pass before `warnUntil` (the library's warning). */
    async countLicenceWarnings(now: Date, warnUntil: Date): Promise<{ expired: number; expiring: number }> {
      const r = await sql<{ expired: number; expiring: number }>`
        select count(*) filter (where licence_expires_at <= ${now}) as expired,
          count(*) filter (where licence_expires_at > ${now} and licence_expires_at <= ${warnUntil}) as expiring
        from media where licence_expires_at is not null and licence_expires_at <= ${warnUntil}`.execute(db)
      return { expired: Number(r.rows[0]?.expired ?? 0), expiring: Number(r.rows[0]?.expiring ?? 0) }
    },

    async createMedia(values: Insertable<MediaTable>): Promise<number> {
      const row = await db.insertInto('media').values(values).returning('id').executeTakeFirstOrThrow()
      return row.id
    },

    async updateMedia(id: number, patch: Record<string, unknown>): Promise<boolean> {
      const r = await db
        .updateTable('media')
        .set(patch as never)
        .where('id', '=', id)
        .executeTakeFirst()
      return Number(r.numUpdatedRows) > 0
    },

    async deleteMedia(id: number): Promise<void> {
      await db.deleteFrom('media').where('id', '=', id).execute()
    },

    /** Pictures whose licence ended after `since` and by `until`. */
    async findLicencesEnded(since: Date, until: Date): Promise<number[]> {
      const rows = await db.selectFrom('media').select('id').where('licence_expires_at', '>', since).where('licence_expires_at', '<=', until).execute()
      return rows.map((r) => r.id)
    },

    /** True when some picture's current original is these bytes (so they must be kept). */
    async originalInUse(sha256: string): Promise<boolean> {
      return (await db.selectFrom('media').select('id').where('sha256', '=', sha256).limit(1).executeTakeFirst()) !== undefined
    },
  }
}

export type MediaStore = ReturnType<typeof createMediaStore>
