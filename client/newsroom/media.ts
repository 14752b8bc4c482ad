import { problem, t } from './i18n.ts'
/**
 * Pictures in the newsroom: uploading files to the media library (a button, drag and drop, paste),
 * searching it, and setting a picture's focal point. Used by the article editor and by the media
 * library pages (/newsroom/media).
 */

/** A picture of the media library as the admin API returns it (the fields the newsroom uses). */
export interface MediaItem {
  id: number
  url: string
  previewUrl: string
  width: number
  height: number
  filename: string
  alt: string
  caption: string
  credit: string
  copyright: string
  focal: { x: number; y: number }
  licence: 'none' | 'ok' | 'expiring' | 'expired'
}

const ACCEPTED = /^image\/(jpeg|png|webp|avif|gif|tiff)$/

const csrf = () => document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? ''

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => ({}))) as T & { error?: { message: string } }
  if (!res.ok) throw new Error(body.error?.message ? problem(body.error.message) : t('nr.client.serverAnswered', { status: res.status }))
  return body
}

/** Uploads one file to the library (POST /api/admin/media, multipart); rejects with the server's message. */
export async function uploadPicture(file: File, fields: Record<string, string> = {}): Promise<MediaItem> {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  form.append('file', file, file.name || 'pasted.png')
  return json<MediaItem>(await fetch('/api/admin/media', { method: 'POST', headers: { 'x-csrf-token': csrf() }, body: form }))
}

/** Replaces the file behind a picture (PUT /api/admin/media/{id}/file). */
export async function replacePicture(id: number, file: File): Promise<MediaItem> {
  const form = new FormData()
  form.append('file', file, file.name)
  return json<MediaItem>(await fetch(`/api/admin/media/${id}/file`, { method: 'PUT', headers: { 'x-csrf-token': csrf() }, body: form }))
}

export async function searchPictures(q: string): Promise<MediaItem[]> {
  const res = await fetch(`/api/admin/media?${new URLSearchParams({ q, limit: '24' })}`, { headers: { accept: 'application/json' } })
  return (await json<{ media: MediaItem[] }>(res)).media
}

export async function setFocalPoint(id: number, focal: { x: number; y: number }): Promise<MediaItem> {
  const res = await fetch(`/api/admin/media/${id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf() },
    body: JSON.stringify({ focal: { x: Math.round(focal.x * 100) / 100, y: Math.round(focal.y * 100) / 100 } }),
  })
  return json<MediaItem>(res)
}

/** The picture files in a drop or paste (other files and text are left to the editor). */
export function pictureFiles(data: DataTransfer | null): File[] {
  if (!data) return []
  return [...data.files].filter((f) => ACCEPTED.test(f.type))
}

/** Where on an element a click fell, as fractions of its width and height. */
export function fractionAt(el: HTMLElement, e: MouseEvent): { x: number; y: number } {
  const r = el.getBoundingClientRect()
  const clamp = (v: number) => Math.max(0, Math.min(1, v))
  return { x: clamp((e.clientX - r.left) / r.width), y: clamp((e.clientY - r.top) / r.height) }
}

/** Puts a focal-point mark over a picture at fractions x, y. */
export function placeMark(mark: HTMLElement, focal: { x: number; y: number }) {
  mark.style.left = `${focal.x * 100}%`
  mark.style.top = `${focal.y * 100}%`
  mark.hidden = false
}

/** The media library page: uploads by button, drag and drop and paste; the detail page: focal point and replacing the file. */
export function startMediaLibrary(): void {
  const zone = document.querySelector<HTMLElement>('[data-media-upload]')
  if (zone) {
    const list = zone.querySelector('ul')!
    const input = zone.querySelector<HTMLInputElement>('[data-media-file]')!
    const send = async (files: File[]) => {
      for (const file of files) {
        const li = document.createElement('li')
        li.textContent = t('nr.client.fileUploading', { name: file.name || t('nr.client.pastedPicture') })
        list.append(li)
        try {
          const item = await uploadPicture(file)
          li.textContent = ''
          const a = document.createElement('a')
          a.href = `/newsroom/media/${item.id}`
          a.textContent = t('nr.client.fileUploaded', { name: item.filename || t('nr.client.picture') })
          li.append(a)
          li.dataset.mediaId = String(item.id)
        } catch (e) {
          li.textContent = `${file.name || t('nr.client.pastedPicture')}: ${(e as Error).message}`
          li.className = 'nr-error'
        }
      }
    }
    input.addEventListener('change', () => void send([...(input.files ?? [])]).then(() => (input.value = '')))
    zone.addEventListener('dragover', (e) => {
      e.preventDefault()
      zone.classList.add('nr-upload--over')
    })
    zone.addEventListener('dragleave', () => zone.classList.remove('nr-upload--over'))
    zone.addEventListener('drop', (e) => {
      e.preventDefault()
      zone.classList.remove('nr-upload--over')
      void send(pictureFiles(e.dataTransfer))
    })
    document.addEventListener('paste', (e) => {
      const files = pictureFiles(e.clipboardData)
      if (files.length === 0) return
      e.preventDefault()
      void send(files)
    })
  }

  const picker = document.querySelector<HTMLElement>('[data-focal-picker]')
  if (picker) {
    const mark = picker.querySelector<HTMLElement>('[data-focal-mark]')!
    const x = document.querySelector<HTMLInputElement>('input[name="focalX"]')
    const y = document.querySelector<HTMLInputElement>('input[name="focalY"]')
    placeMark(mark, { x: Number(mark.dataset.x), y: Number(mark.dataset.y) })
    picker.addEventListener('click', (e) => {
      const f = fractionAt(picker, e)
      placeMark(mark, f)
      if (x && y) {
        x.value = f.x.toFixed(2)
        y.value = f.y.toFixed(2)
      }
    })
  }

  const replace = document.querySelector<HTMLElement>('[data-media-replace]')
  if (replace) {
    const input = replace.querySelector<HTMLInputElement>('[data-media-file]')!
    const status = replace.querySelector<HTMLElement>('.nr-upload__status')!
    input.addEventListener('change', async () => {
      const file = input.files?.[0]
      if (!file) return
      status.textContent = t('nr.client.replacing')
      try {
        await replacePicture(Number(replace.dataset.mediaReplace), file)
        window.location.assign(`${window.location.pathname}?saved=replaced`)
      } catch (e) {
        status.textContent = (e as Error).message
      }
    })
  }
}
