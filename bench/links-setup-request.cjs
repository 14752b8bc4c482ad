// autocannon setupRequest (runs in autocannon's worker thread): every request comes from a new
// reader, a distinct X-Forwarded-For address, so each view beacon is a view to count.
'use strict'
const base = Number(process.env.BENCH_READER_BASE || 1) & 255
let n = 0
module.exports = function setupRequest(req) {
  n++
  return { ...req, headers: { ...req.headers, 'x-forwarded-for': `${base}.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` } }
}
