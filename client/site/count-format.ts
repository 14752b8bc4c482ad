/**
 * A live count in the page's language and digits: the counters carry their locale (data-locale,
 * "ar-u-nu-arab" shows ١٢) and each label's plural forms (data-forms, by Intl.PluralRules category),
 * as the server rendered them; data-n keeps the number itself.
 */
export function showCount(counters: HTMLElement, num: HTMLElement | null | undefined, label: HTMLElement | null | undefined, n: number): void {
  const locale = counters.dataset.locale || 'en'
  if (num) {
    num.dataset.n = String(n)
    const text = new Intl.NumberFormat(locale).format(n)
    if (num.textContent !== text) num.textContent = text
  }
  if (label) {
    let forms: Record<string, string> = {}
    try {
      forms = JSON.parse(label.dataset.forms ?? '{}') as Record<string, string>
    } catch {
      // an old cached page without forms keeps its label
    }
    const form = forms[new Intl.PluralRules(locale).select(n)] ?? forms.other
    if (form) label.textContent = ` ${form}`
  }
}
