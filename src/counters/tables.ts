import type { ColumnType } from 'kysely'

/** Tables of the counters module (migration 0007_counters). */
export interface CounterTables {
  article_counters: ArticleCountersTable
  article_view_hours: ArticleViewHoursTable
  article_view_days: ArticleViewDaysTable
  article_share_counts: ArticleShareCountsTable
  counter_batches: CounterBatchesTable
}

export interface ArticleCountersTable {
  article_id: number
  views: ColumnType<number, number | undefined, number>
  shares: ColumnType<number, number | undefined, number>
  comments: ColumnType<number, number | undefined, number>
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>
}

export interface ArticleViewHoursTable {
  article_id: number
  hour: ColumnType<Date, Date | string, Date | string>
  views: number
}

export interface ArticleViewDaysTable {
  article_id: number
  /** 'YYYY-MM-DD' (dates are read as text). */
  day: string
  views: number
}

export interface ArticleShareCountsTable {
  article_id: number
  kind: string
  shares: number
}

export interface CounterBatchesTable {
  id: string
  applied_at: ColumnType<Date, Date | string | undefined, never>
}
