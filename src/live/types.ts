import type { Generated, ColumnType } from 'kysely'

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7

/** How a stream is delivered: Icecast mounts (MP3, AAC, Ogg over HTTP) or HLS playlists. */
export type StreamFormat = 'mp3' | 'aac' | 'ogg' | 'hls'

export interface StationStream {
  url: string
  format: StreamFormat
}

/** One weekly slot of the schedule; times are wall-clock minutes in the station's time zone. */
export interface Programme {
  show: string
  host: string
  description: string
  startDay: Weekday
  /** Minutes after local midnight, 0–1439. */
  startMinute: number
  endDay: Weekday
  endMinute: number
}

export interface Station {
  id: number
  editionId: number
  slug: string
  name: string
  description: string
  /** IANA time zone the schedule is written in ("Europe/London"). */
  timeZone: string
  streams: StationStream[]
  /** Icecast status-json.xsl URL; server-side only. */
  statusUrl: string | null
  position: number
  schedule: Programme[]
  updatedAt: Date
}

/** What a station is made from: the validated form of the admin API's and newsroom's input. */
export interface StationInput {
  editionId: number
  slug: string
  name: string
  description: string
  timeZone: string
  streams: StationStream[]
  statusUrl: string | null
  position: number
  schedule: Programme[]
}

/** Tables of the live module (migration 0008). */
export interface LiveTables {
  stations: StationsTable
  station_streams: StationStreamsTable
  station_programmes: StationProgrammesTable
}

export interface StationsTable {
  id: Generated<number>
  edition_id: number
  slug: string
  name: string
  description: Generated<string>
  time_zone: string
  status_url: string | null
  position: Generated<number>
  created_at: ColumnType<Date, Date | string | undefined, never>
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>
}

export interface StationStreamsTable {
  station_id: number
  position: number
  url: string
  format: StreamFormat
}

export interface StationProgrammesTable {
  id: Generated<number>
  station_id: number
  show: string
  host: Generated<string>
  description: Generated<string>
  start_day: number
  start_minute: number
  end_day: number
  end_minute: number
}
