import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, TEST_NOW, type TestApp } from '../../test/support/app.ts'
import { closeTemplate, databaseKinds } from '../../test/support/databases.ts'
import { cjkQueryGrams } from './search-store.ts'

after(closeTemplate)

test('a CJK or Thai query becomes the pairs of characters the index holds', () => {
  assert.deepEqual(cjkQueryGrams('北京天气'), ['北京 京天 天气'])
  assert.deepEqual(cjkQueryGrams('天'), ['天'])
  assert.deepEqual(cjkQueryGrams('iPhone 手机 と カメラ'), ['手机', 'と', 'カメ メラ'])
  assert.deepEqual(cjkQueryGrams('Москва'), [])
  // Thai has no spaces between words either; its vowel signs and tone marks stay in the pairs
  assert.deepEqual(cjkQueryGrams('โคมลอย'), ['โค คม มล ลอ อย'])
  assert.deepEqual(cjkQueryGrams('ยี่เป็ง'), ['ยี ี่ ่เ เป ป็ ็ง'])
})

for (const kind of databaseKinds()) {
  describe(`search in every edition's language on ${kind}`, () => {
    let t: TestApp
    before(async () => {
      t = await createTestApp({ kind, clock: { now: () => TEST_NOW } })
    })
    after(() => t?.close())

    const found = async (prefix: string, q: string) => {
      const res = await t.app.inject({ url: `${prefix}/api/content/search?q=${encodeURIComponent(q)}` })
      assert.equal(res.statusCode, 200, res.body)
      return (res.json() as { results: { headline: string; url: string }[] }).results
    }

    test('Chinese: words inside sentences without spaces are found, whole phrases too; nothing from other editions', async () => {
      for (const q of ['天气', '北京天气', '天文台', '合作社', '直播', '联合国']) assert.ok((await found('/zh', q)).length > 0, `「${q}」 finds something`)
      assert.ok((await found('/zh', '天气')).some((r) => r.headline === '北京天气转暖 市民赏花热情高涨'))
      assert.ok((await found('/zh', '观测')).some((r) => r.headline.startsWith('青海高原天文台')))
      const seed = await found('/zh', '朝鲜人权')
      assert.ok(
        seed.some((r) => r.headline.startsWith('联合国安理会')),
        JSON.stringify(seed),
      )
      assert.ok(seed.every((r) => r.url.startsWith('/zh/')))
      // characters that are in the text but never next to each other are not a match
      assert.equal((await found('/zh', '天茶')).length, 0)
      // the English edition does not see the Chinese articles
      assert.equal((await found('', '天气')).length, 0)
    })

    test('Russian and Arabic are stemmed by their own configurations', async () => {
      // "станции" (genitive) finds "Байкальская станция…"; "пасечники" finds "пасечников" in a lead
      assert.ok((await found('/ru', 'станции')).some((r) => r.headline.startsWith('Байкальская станция')))
      assert.ok((await found('/ru', 'пасечники')).some((r) => r.headline.includes('мёда')))
      assert.ok((await found('/ar', 'تحلية')).some((r) => r.headline.includes('تحلية')))
      assert.ok((await found('/ar', 'التعاونية')).length > 0)
    })
  })
}
