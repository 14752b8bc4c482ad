import type { Messages } from './en.ts'

export const ar: Messages = {
  'site.skip': 'انتقل إلى المحتوى',
  'site.home': '{site}، الصفحة الرئيسية',
  'site.search.label': 'ابحث في {site}',
  'site.search.placeholder': 'بحث',
  'site.search.button': 'ابحث',
  'site.sections': 'الأقسام',
  'site.newsroom': 'غرفة الأخبار',
  'site.signedInAs': 'مسجّل الدخول باسم {name}',
  'site.footer': 'تذييل الصفحة',
  'site.standards': 'معايير المجتمع',
  'site.about': 'عن {site}',
  'site.feeds': 'الخلاصات',
  'site.note': 'يُنشر {site} باستخدام Dateline، برنامج أخبار مفتوح المصدر. الأوقات معروضة بتوقيت {zone}.',
  'site.readIn': 'اقرأ بلغة:',
  'site.editions': 'الطبعات',
  'feed.rss': '{site} (RSS)',
  'feed.atom': '{site} (Atom)',
  'feed.json': '{site} (JSON Feed)',
}
