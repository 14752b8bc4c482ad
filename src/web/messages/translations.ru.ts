import type { Messages } from './en.ts'

/** The newsroom's Translations page in Russian (see translations.en.ts). */
export const translationsRu: Messages = {
  'nr.tl.title': 'Переводы: {headline}',
  'nr.tl.heading': 'Переводы',
  'nr.tl.intro':
    'Свяжите материал с его версиями в других изданиях. Каждая связанная страница предлагает читателям «Читать на…» и сообщает поисковым системам (hreflang) и программам чтения лент, что это один и тот же материал.',
  'nr.tl.thisOne': 'Эта статья, издание «{edition}»',
  'nr.tl.none': 'Этот материал пока не связан ни с одной версией в другом издании.',
  'nr.tl.edition': 'Издание',
  'nr.tl.headline': 'Заголовок',
  'nr.tl.status': 'На сайте',
  'nr.tl.original': 'оригинал',
  'nr.tl.published': 'опубликован',
  'nr.tl.notPublished': 'не опубликован',
  'nr.tl.linkHeading': 'Связать с версией в другом издании',
  'nr.tl.search': 'Найти по заголовку',
  'nr.tl.searchButton': 'Найти',
  'nr.tl.candidates': 'Статьи в других изданиях, где вы работаете',
  'nr.tl.noCandidates': 'В других изданиях нет подходящих статей.',
  'nr.tl.choose': 'Версия для связи',
  'nr.tl.link': 'Связать как перевод',
  'nr.tl.unlinkHeading': 'Исключить эту статью из материала',
  'nr.tl.unlinkHint': 'Остальные версии останутся связанными между собой.',
  'nr.tl.unlink': 'Отвязать эту статью',
  'nr.tl.linked': 'Связано: обе страницы теперь ссылаются друг на друга в блоке «Читать на…».',
  'nr.tl.unlinked': 'Эта статья больше не связана с другими версиями.',
  'nr.tl.pickOne': 'Выберите версию для связи.',
  'nr.tl.back': 'Вернуться к статье',
}
