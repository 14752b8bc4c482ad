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
  'article.by': 'By {names}',
  'counter.comments': '{n, plural, one {comment} other {comments}}',
  'counter.views': '{n, plural, one {view} other {views}}',
  'counter.commentsTitle': 'Comments',
  'counter.viewsTitle': 'Views',
  'counter.asOf': '(as of {time})',
  'feed.rss': '{site} (RSS)',
  'feed.atom': '{site} (Atom)',
  'feed.json': '{site} (JSON Feed)',
  'mail.greeting': 'Hello {name},',
  'mail.copyHint': 'If the button does not work, copy this address into your browser:',
  'mail.footer': 'This message was sent by {site} to {email}.',
  'mail.verify.subject': 'Confirm your e-mail address for {site}',
  'mail.verify.body': 'Please confirm that {email} is your address by opening the link below. The link works once, within 48 hours.',
  'mail.verify.button': 'Confirm my address',
  'mail.verify.ignore': 'If you did not create an account on {site}, ignore this message.',
  'mail.reset.subject': 'Reset your {site} password',
  'mail.reset.body':
    'Someone, we hope you, asked to reset the password of your {site} account. Open the link below to choose a new one. It works once, within one hour.',
  'mail.reset.button': 'Choose a new password',
  'mail.reset.ignore': 'If you did not ask, ignore this message: your password stays as it is.',
  'mail.device.subject': 'New sign-in to your {site} account',
  'mail.device.body': 'Your account was signed in to at {time} from a browser it had not used before.',
  'mail.device.agent': 'Browser: {agent}',
  'mail.device.address': 'Network address: {ip}',
  'mail.device.advice': 'If this was you, there is nothing to do. If not, reset your password now: doing so signs every browser out.',
  'mail.device.button': 'Review your account',
  'mail.device.off': 'You can turn these notices off on your account page.',
} as const

export type MessageKey = keyof typeof en
export type Messages = { readonly [K in MessageKey]?: string }
