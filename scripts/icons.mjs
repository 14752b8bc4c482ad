// Draws the site's PNG icons (web app manifest, home screens, the publisher logo in JSON-LD) from
// public/icons/icon.svg with sharp. The letter is a path, not text, so every machine draws the same
// pixels. Run after changing the SVG: node scripts/icons.mjs (the PNGs are committed in public/icons/).
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons')
const svg = path.join(dir, 'icon.svg')
for (const [name, size] of [
  ['icon-192.png', 192],
  ['icon-512.png', 512],
  ['apple-touch-icon.png', 180],
]) {
  await sharp(svg, { density: Math.ceil((72 * size) / 512) * 2 })
    .resize(size, size)
    .png({ compressionLevel: 9, palette: true })
    .toFile(path.join(dir, name))
  console.log(`public/icons/${name}: ${size}×${size}`)
}
