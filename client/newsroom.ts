/** The newsroom's script: the article editor where there is one; keyboard moderation on a queue. */
const form = document.getElementById('article-form')
if (form) void import('./newsroom/editor.ts').then((m) => m.startEditor(form as HTMLFormElement))
const queue = document.querySelector<HTMLElement>('[data-moderation-queue]')
if (queue) void import('./newsroom/moderation.ts').then((m) => m.startModeration(queue))
