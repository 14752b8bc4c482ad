import { copyText, diffFields, type FieldDiff } from './copy-text.ts'
import type { VersionContent } from './version-store.ts'

const dateline = (d: VersionContent['dateline']) => (d ? [d.place, d.dateText, d.agency].filter(Boolean).join(', ') : '')

/** Two published versions compared field by field, as readers see them on the Versions page. */
export function compareVersions(from: VersionContent, to: VersionContent): FieldDiff[] {
  return diffFields([
    { field: 'headline', label: 'Headline', from: from.headline, to: to.headline },
    { field: 'lead', label: 'Lead', from: from.lead, to: to.lead },
    { field: 'dateline', label: 'Dateline', from: dateline(from.dateline), to: dateline(to.dateline) },
    { field: 'body', label: 'Text', from: copyText(from.body), to: copyText(to.body) },
    { field: 'section', label: 'Section', from: from.section.name, to: to.section.name },
    { field: 'bylines', label: 'By', from: from.bylines.map((b) => b.name).join(', '), to: to.bylines.map((b) => b.name).join(', ') },
    { field: 'tags', label: 'Tags', from: from.tags.join(', '), to: to.tags.join(', ') },
    {
      field: 'related',
      label: 'Related',
      from: from.related.map((r) => r.headline ?? '').join('\n\n'),
      to: to.related.map((r) => r.headline ?? '').join('\n\n'),
    },
    { field: 'corrections', label: 'Corrections', from: from.corrections.map((c) => c.text).join('\n\n'), to: to.corrections.map((c) => c.text).join('\n\n') },
  ])
}
