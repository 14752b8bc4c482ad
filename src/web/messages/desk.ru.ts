import type { Messages } from './en.ts'

/** The newsroom's desks in Russian (see desk.en.ts). */
export const deskRu: Messages = {}
