import { randomBytes } from 'node:crypto'
import sharp from 'sharp'

/** A multipart/form-data body for inject(): text fields and one file in the part named "file". */
export function multipart(
  fields: Record<string, string>,
  file?: { bytes: Buffer; filename: string; type?: string },
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----dateline${randomBytes(8).toString('hex')}`
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`))
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.filename}"\r\ncontent-type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    )
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

/** A photo-like JPEG (noise over a gradient) with the EXIF a camera writes: GPS position, serial number, artist, copyright. */
export async function cameraJpeg(o: { width?: number; height?: number; orientation?: number; gps?: boolean } = {}): Promise<Buffer> {
  const width = o.width ?? 1600
  const height = o.height ?? 1000
  const gradient = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#1d4e89"/><stop offset="1" stop-color="#f4a259"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width * 0.7}" cy="${height * 0.3}" r="${height / 5}" fill="#f6f1d1"/></svg>`,
  )
  const exif: Record<string, Record<string, string>> = {
    IFD0: { Artist: 'Jane Photographer', Copyright: '© 2026 Jane Photographer', ImageDescription: 'Ferries in the harbour at dawn' },
    IFD2: { BodySerialNumber: 'SN-99887766' },
  }
  if (o.gps !== false) exif.IFD3 = { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 2644/100', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 3957/100' }
  let img = sharp(gradient).jpeg({ quality: 85 }).withExif(exif)
  if (o.orientation) img = img.withMetadata({ orientation: o.orientation })
  return img.toBuffer()
}

/** A small PNG of one colour. */
export function solidPng(width = 640, height = 480, colour = '#3a7'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer()
}
