import type { Messages } from './en.ts'

export const ru: Messages = {
  'site.skip': 'Перейти к содержанию',
  'site.home': '{site}, главная',
  'site.search.label': 'Поиск по сайту {site}',
  'site.search.placeholder': 'Поиск',
  'site.search.button': 'Найти',
  'site.sections': 'Разделы',
  'site.newsroom': 'Редакция',
  'site.signedInAs': 'Вы вошли как {name}',
  'site.footer': 'Подвал',
  'site.standards': 'Правила сообщества',
  'site.about': 'О сайте {site}',
  'site.feeds': 'Ленты',
  'site.note': '{site} работает на Dateline, открытой программе для редакций. Время указано по {zone}.',
  'site.readIn': 'Читать на:',
  'site.editions': 'Версии сайта',
  'feed.rss': '{site} (RSS)',
  'feed.atom': '{site} (Atom)',
  'feed.json': '{site} (JSON Feed)',
}
