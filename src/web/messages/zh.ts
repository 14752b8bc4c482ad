import type { Messages } from './en.ts'

export const zh: Messages = {
  'site.skip': '跳到正文',
  'site.home': '{site}首页',
  'site.search.label': '搜索{site}',
  'site.search.placeholder': '搜索',
  'site.search.button': '搜索',
  'site.sections': '栏目',
  'site.newsroom': '编辑部',
  'site.signedInAs': '已登录：{name}',
  'site.footer': '页脚',
  'site.standards': '社区准则',
  'site.about': '关于{site}',
  'site.feeds': '订阅源',
  'site.note': '{site}由开源新闻软件 Dateline 发布。时间以{zone}显示。',
  'site.readIn': '其他语言：',
  'site.editions': '版本',
  'feed.rss': '{site}（RSS）',
  'feed.atom': '{site}（Atom）',
  'feed.json': '{site}（JSON Feed）',
}
