/** The newsroom's script: the article editor where there is one. */
const form = document.getElementById('article-form')
if (form) void import('./newsroom/editor.ts').then((m) => m.startEditor(form as HTMLFormElement))
