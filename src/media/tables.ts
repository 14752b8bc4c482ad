import type { ColumnType, Generated } from 'kysely'

/** Tables of the media module (migration 0013_media). */
export interface MediaTables {
  media: MediaTable
  media_blobs: MediaBlobsTable
}

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

export type OriginalStoreKind = 'database' | 'disk' | 's3'

export interface MediaTable {
  id: Generated<number>
  sha256: string
  store: ColumnType<OriginalStoreKind, OriginalStoreKind | undefined, OriginalStoreKind>
  mime: string
  bytes: number
  width: number
  height: number
  filename: Generated<string>
  alt: Generated<string>
  caption: Generated<string>
  credit: Generated<string>
  copyright: Generated<string>
  focal_x: Generated<number>
  focal_y: Generated<number>
  placeholder: Generated<string>
  licence_expires_at: NullableTimestamp
  stripped: ColumnType<string[], string[] | undefined, string[]>
  uploaded_by: number | null
  uploaded_at: Timestamp
  updated_at: Timestamp
  replaced_at: NullableTimestamp
}

export interface MediaBlobsTable {
  sha256: string
  part: number
  bytes: Uint8Array
}
