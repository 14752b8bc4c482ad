import { sql, type Kysely } from 'kysely'
import type { DB } from '../../src/db/schema.ts'

/**
 * A generated archive for search and sitemap benchmarks (and the query-plan test): one
 * INSERT ... SELECT generate_series per chunk, so 100,000 articles take a minute, not an import.
 * Words come in three tiers, like real news text: common news words (80 % of words, skewed, so
 * "council" is in most articles), 500 mid-frequency made-up terms ("veltan42", each in about 2 %
 * of articles) and 5,000 rare ones ("zorvex4711", each in about 0.2 %).
 */

export const NEWS_WORDS = `council security minister government election president parliament talks agreement
economy market trade bank inflation growth budget energy climate water drought flood storm cyclone
police court judge trial law rights protest union strike workers farmers health hospital vaccine
school university research scientists space satellite ocean forest wildfire earthquake volcano
football league cup match coach player olympic marathon transport rail airport shipping port
border refugees aid conflict ceasefire peace sanctions nuclear missile defence army navy summit
report official spokesman statement interview analysts investors companies profits prices oil gas
solar wind power grid technology internet data privacy cyber attack hackers network mobile phone`
  .split(/\s+/)
  .filter((w) => w !== '')

export interface ArchiveOptions {
  count: number
  /** Words per body paragraph (3 paragraphs); small for sitemap benchmarks. */
  bodyWords?: number
  /** Publication times spread back from this moment, one article every `spacingMinutes`. */
  newest?: Date
  spacingMinutes?: number
  /** Rows per INSERT statement (keeps each statement's memory bounded). */
  chunk?: number
  /** The edition the articles belong to (default 1, the first), spread over its sections. */
  editionId?: number
  /**
   * 'cjk': Chinese text with no spaces between words (common words from CJK_WORDS; the mid and
   * rare tiers are two- and three-character terms made from two character sets), as a Chinese
   * edition's archive reads.
   */
  script?: 'latin' | 'cjk'
}

/** Common Chinese news words (two characters each), the CJK archive's first tier. */
export const CJK_WORDS = `安全 理事 会议 政府 选举 总统 议会 谈判 协议 经济 市场 贸易 银行 通胀 增长 预算 能源 气候 干旱 洪水
风暴 警察 法院 法官 审判 法律 权利 抗议 工会 罢工 工人 农民 健康 医院 疫苗 学校 大学 研究 科学 太空 卫星 海洋 森林
地震 火山 足球 联赛 比赛 教练 球员 交通 铁路 机场 航运 港口 边境 难民 援助 冲突 停火 和平 制裁 核能 导弹 国防 军队
海军 峰会 报告 官员 声明 采访 分析 投资 公司 利润 价格 石油 天然 太阳 电力 电网 技术 网络 数据 隐私 黑客 手机`
  .split(/\s+/)
  .filter((w) => w !== '')
/** Character sets the CJK archive's made-up mid (甲乙, 500 of them) and rare (甲乙丙, about 5,000) terms are drawn from. */
const CJK_A = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉'
const CJK_B = '金木水火土日月星云雨风雪山川河湖江海林石竹'
const CJK_C = '春夏秋冬东南西北上中'

/** Inserts `count` published articles spread over the edition's sections; returns the number inserted. */
export async function generateArchive(db: Kysely<DB>, o: ArchiveOptions): Promise<number> {
  const editionId = o.editionId ?? 1
  const cjk = o.script === 'cjk'
  const sections = await db.selectFrom('sections').select('id').where('edition_id', '=', editionId).orderBy('id').execute()
  if (sections.length === 0) {
    await db.insertInto('sections').values({ edition_id: editionId, slug: 'news', name: 'News' }).execute()
    return generateArchive(db, o)
  }
  const ids = sections.map((s) => s.id)
  const words = cjk ? CJK_WORDS : NEWS_WORDS
  const joiner = cjk ? '' : ' '
  const bodyWords = o.bodyWords ?? 40
  const newest = o.newest ?? new Date('2026-11-29T12:00:00Z')
  const spacing = o.spacingMinutes ?? 30
  const chunk = o.chunk ?? 20_000
  const start = ((await sql<{ n: number }>`select coalesce(max(id), 0) as n from articles`.execute(db)).rows[0]?.n ?? 0) as number
  for (let from = 1; from <= o.count; from += chunk) {
    const to = Math.min(o.count, from + chunk - 1)
    const pick = (chars: string) => sql`substr(${chars}, 1 + floor(random() * ${[...chars].length})::int, 1)`
    const word = cjk
      ? sql`(select case when r < 0.8 then (${words}::text[])[1 + floor(${words.length} * power(random(), 2))::int]
          when r < 0.9 then ${pick(CJK_A)} || ${pick(CJK_B)}
          else ${pick(CJK_A)} || ${pick(CJK_B)} || ${pick(CJK_C)} end from (select random() + 0 * x as r) rr)`
      : sql`(select case when r < 0.8 then (${words}::text[])[1 + floor(${words.length} * power(random(), 2))::int]
        when r < 0.9 then 'veltan' || floor(random() * 500)::int
        else 'zorvex' || floor(random() * 5000)::int end from (select random() + 0 * x as r) rr)`
    await sql`
      insert into articles (edition_id, section_id, slug, headline, lead, body, status, first_published_at, published_at)
      select ${editionId}, (${ids}::int[])[1 + (g % ${ids.length})], 'generated-' || (g + ${start}),
        h.t, l.t,
        jsonb_build_array(
          jsonb_build_object('type', 'paragraph', 'content', jsonb_build_array(jsonb_build_object('text', b.t))),
          jsonb_build_object('type', 'paragraph', 'content', jsonb_build_array(jsonb_build_object('text', b.t2)))),
        'published', t.at, t.at
      from generate_series(${from}::int, ${to}::int) g
      cross join lateral (select ${newest}::timestamptz - (g * ${spacing}::float8) * interval '1 minute' as at) t
      cross join lateral (select initcap(string_agg(${word}, ${joiner})) as t from generate_series(1, 6 + g % 5) x where g > 0) h
      cross join lateral (select string_agg(${word}, ${joiner}) as t from generate_series(1, 24) x where g > 0) l
      cross join lateral (select string_agg(${word}, ${joiner}) as t, string_agg(${word}, ${joiner}) as t2 from generate_series(1, ${bodyWords}) x where g > 0) b`.execute(
      db,
    )
  }
  await sql`analyze articles`.execute(db)
  return o.count
}
