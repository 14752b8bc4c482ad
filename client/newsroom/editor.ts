export function startEditor(form: HTMLFormElement): void {
  form.dataset.ready = 'true'
}
