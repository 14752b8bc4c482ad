/**
 * Reader-facing text in English: the catalogue every other language follows (ICU MessageFormat:
 * {name} for values, {n, plural, one {…} other {…}} for counts). A key missing from another
 * language's catalogue falls back to this one.
 */
export const en = {
  'site.skip': 'Skip to content',
  'site.home': '{site}, home',
  'site.search.label': 'Search {site}',
  'site.search.placeholder': 'Search',
  'site.search.button': 'Search',
  'site.sections': 'Sections',
  'site.newsroom': 'Newsroom',
  'site.signedInAs': 'Signed in as {name}',
  'site.footer': 'Footer',
  'site.standards': 'Community standards',
  'site.about': 'About {site}',
  'site.feeds': 'Feeds',
  'site.note': '{site} is published with Dateline, open-source news software. Times are shown in {zone}.',
  'site.readIn': 'Read in:',
  'site.editions': 'Editions',
  'feed.rss': '{site} (RSS)',
  'feed.atom': '{site} (Atom)',
  'feed.json': '{site} (JSON Feed)',
} as const

export type MessageKey = keyof typeof en
export type Messages = { readonly [K in MessageKey]?: string }
