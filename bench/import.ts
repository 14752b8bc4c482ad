/**
 * `npm run bench -- import [--posts N] [--pad-kb K] [--keep]`: imports a generated WordPress export of N
 * posts (default 10,000: nested categories, tags, Gutenberg and classic content, comments; K more KB
 * of paragraphs per post for a bigger file: `--posts 20000 --pad-kb 9` is about 200 MB) with
 * `npx dateline import wordpress` into a fresh embedded database, as a newsroom would, and reports
 * items per second and the peak memory (VmHWM) of the importing process; then imports the same file
 * again (idempotence: everything unchanged) and reports that rate too.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { machine, writeResult } from './support.ts'

const ROOT = path.resolve(import.meta.dirname, '..')

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;')

/** Writes a WXR file of `posts` posts, streamed; returns its size in bytes. */
export async function generateWxr(file: string, posts: number, padKb = 0): Promise<number> {
  const out = fs.createWriteStream(file)
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())))
  await write(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench Gazette</title><link>https://bench.example</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://bench.example</wp:base_site_url><wp:base_blog_url>https://bench.example</wp:base_blog_url>
`)
  for (let a = 1; a <= 20; a++)
    await write(
      `<wp:author><wp:author_id>${a}</wp:author_id><wp:author_login>writer${a}</wp:author_login><wp:author_email>writer${a}@bench.example</wp:author_email><wp:author_display_name>Writer ${a}</wp:author_display_name></wp:author>\n`,
    )
  const regions = ['world', 'business', 'science', 'sport', 'culture']
  for (const r of regions) {
    await write(
      `<wp:category><wp:term_id>${r}</wp:term_id><wp:category_nicename>${r}</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>${r}</wp:cat_name></wp:category>\n`,
    )
    for (let c = 1; c <= 4; c++)
      await write(
        `<wp:category><wp:term_id>${r}${c}</wp:term_id><wp:category_nicename>${r}-${c}</wp:category_nicename><wp:category_parent>${r}</wp:category_parent><wp:cat_name>${r} ${c}</wp:cat_name></wp:category>\n`,
      )
  }
  const para = 'The harbour authority said on Monday that ferries would run again after the storm, and that fishing boats could leave from Tuesday. '
  for (let i = 1; i <= posts; i++) {
    const d = new Date(Date.UTC(2015, 0, 1) + i * 3_600_000 * 7)
    const ds = d.toISOString().slice(0, 19).replace('T', ' ')
    const gutenberg = i % 2 === 0
    const body = gutenberg
      ? `<!-- wp:paragraph --><p>${para.repeat(3)} <strong>Story ${i}</strong>.</p><!-- /wp:paragraph -->
<!-- wp:heading --><h2>What happens next</h2><!-- /wp:heading -->
<!-- wp:paragraph --><p>${para.repeat(4)}<a href="https://bench.example/${i - 1}">earlier</a></p><!-- /wp:paragraph -->
<!-- wp:quote --><blockquote class="wp-block-quote"><p>${para}</p><cite>An official</cite></blockquote><!-- /wp:quote -->
<!-- wp:list --><ul><li>One point</li><li>Another point</li></ul><!-- /wp:list -->`
      : `${para.repeat(3)}\n\n${para.repeat(4)}\n\n<h3>Background</h3>\n\n${para.repeat(2)}\n\n<ul>\n<li>First</li>\n<li>Second</li>\n</ul>`
    // longer stories for a bigger export: whole paragraphs of about 1 KB each
    const pad = padKb ? `\n<!-- wp:paragraph --><p>${para.repeat(8)}</p><!-- /wp:paragraph -->`.repeat(padKb) : ''
    const region = regions[i % regions.length]!
    const comments =
      i % 3 === 0
        ? `<wp:comment><wp:comment_id>${i * 10}</wp:comment_id><wp:comment_author>Reader ${i % 500}</wp:comment_author><wp:comment_author_email>reader${i % 500}@readers.example</wp:comment_author_email><wp:comment_date_gmt>${ds}</wp:comment_date_gmt><wp:comment_content>A reader's view on story ${i}.</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>`
        : ''
    await write(`<item><title>${esc(`Story number ${i}: ferries run again`)}</title><link>https://bench.example/${d.getUTCFullYear()}/story-${i}/</link>
<dc:creator>writer${(i % 20) + 1}</dc:creator><guid isPermaLink="false">https://bench.example/?p=${i}</guid>
<content:encoded><![CDATA[${body}${pad}]]></content:encoded><excerpt:encoded><![CDATA[Summary of story ${i}.]]></excerpt:encoded>
<wp:post_id>${i}</wp:post_id><wp:post_date_gmt>${ds}</wp:post_date_gmt><wp:post_name>story-${i}</wp:post_name><wp:status>${i % 50 === 0 ? 'draft' : 'publish'}</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="${region}-${(i % 4) + 1}">${region}</category><category domain="post_tag" nicename="tag-${i % 200}">Tag ${i % 200}</category>${comments}</item>
`)
  }
  await write('</channel></rss>\n')
  out.end()
  await new Promise<void>((r) => out.once('finish', () => r()))
  return fs.statSync(file).size
}

/** Runs the CLI; returns its output, wall time and the peak resident memory it reached. */
async function runImport(
  file: string,
  dataDir: string,
  databaseUrl?: string,
): Promise<{ ms: number; peakRssMiB: number; treePeakRssMiB: number; cpuSeconds: number; out: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir }
  delete env.DATABASE_URL
  if (databaseUrl) env.DATABASE_URL = databaseUrl
  const started = performance.now()
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/dateline.js'), 'import', 'wordpress', file, '--no-fetch'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  let peak = 0
  const cpuOf = new Map<number, number>()
  // `dateline import` runs the import in a child process with a tuned heap: measure every process of the tree
  const tree = (pid: number): number[] => {
    try {
      const kids = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
      return [pid, ...kids.flatMap(tree)]
    } catch {
      return [pid]
    }
  }
  let treePeak = 0
  const timer = setInterval(() => {
    let sum = 0
    for (const pid of tree(child.pid!)) {
      try {
        const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
        const m = /VmHWM:\s+(\d+) kB/.exec(status)
        if (m) peak = Math.max(peak, Number(m[1]))
        sum += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0)
        // utime and stime (fields 14 and 15) in clock ticks: the machine may be shared, CPU time is what the import cost
        const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
        cpuOf.set(pid, Number(fields[11]) + Number(fields[12]))
      } catch {
        /* it has exited */
      }
    }
    treePeak = Math.max(treePeak, sum)
  }, 100)
  const code = await new Promise<number>((r) => child.once('exit', (c) => r(c ?? 1)))
  clearInterval(timer)
  if (code !== 0) throw new Error(`import exited ${code}:\n${out}`)
  const cpuTicks = [...cpuOf.values()].reduce((a, b) => a + b, 0)
  return { ms: performance.now() - started, peakRssMiB: Math.round(peak / 1024), treePeakRssMiB: Math.round(treePeak / 1024), cpuSeconds: cpuTicks / 100, out }
}

function summary(r: { ms: number; peakRssMiB: number; treePeakRssMiB: number; cpuSeconds: number }, posts: number) {
  return {
    seconds: Math.round(r.ms / 100) / 10,
    itemsPerSecond: Math.round((posts / r.ms) * 10000) / 10,
    cpuSeconds: r.cpuSeconds,
    itemsPerCpuSecond: r.cpuSeconds ? Math.round((posts / r.cpuSeconds) * 10) / 10 : null,
    peakRssMiB: r.peakRssMiB,
    treePeakRssMiB: r.treePeakRssMiB,
  }
}

export async function run(args: string[]): Promise<void> {
  const at = args.indexOf('--posts')
  const posts = at >= 0 ? Number(args[at + 1]) : 10_000
  const padAt = args.indexOf('--pad-kb')
  const padKb = padAt >= 0 ? Number(args[padAt + 1]) : 0
  if (!Number.isSafeInteger(posts) || posts < 1 || !Number.isSafeInteger(padKb) || padKb < 0)
    throw new Error('--posts N (1 or more) and --pad-kb K (0 or more) take whole numbers')
  const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'dateline-bench-import-'))
  let dropDatabase: (() => Promise<void>) | undefined
  try {
    const file = path.join(tmp, 'export.xml')
    const bytes = await generateWxr(file, posts, padKb)
    console.log(`generated ${posts} posts, ${(bytes / 1048576).toFixed(1)} MB`)
    // on PostgreSQL (DATABASE_URL set): a fresh database of its own, migrated by the CLI, dropped afterwards
    let databaseUrl: string | undefined
    if (process.env.DATABASE_URL) {
      const name = `dateline_bench_import_${Date.now()}`
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL })
      await admin.connect()
      await admin.query(`create database ${name}`)
      await admin.end()
      const u = new URL(process.env.DATABASE_URL)
      u.pathname = `/${name}`
      databaseUrl = u.toString()
      dropDatabase = async () => {
        const c = new pg.Client({ connectionString: process.env.DATABASE_URL })
        await c.connect()
        await c.query(`drop database if exists ${name} with (force)`)
        await c.end()
      }
      const migrated = spawn(process.execPath, [path.join(ROOT, 'bin/dateline.js'), 'migrate'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: databaseUrl },
        stdio: 'inherit',
      })
      await new Promise((r) => migrated.once('exit', r))
    }
    const first = await runImport(file, path.join(tmp, 'data'), databaseUrl)
    console.log(first.out.split('\n').slice(-12).join('\n'))
    const again = await runImport(file, path.join(tmp, 'data'), databaseUrl)
    const result = {
      bench: 'import',
      when: new Date().toISOString(),
      machine: machine(),
      export: { posts, padKb, megabytes: Math.round((bytes / 1048576) * 10) / 10, commentsEvery: 3, draftsEvery: 50 },
      database: databaseUrl ? 'postgresql 15 (a fresh database)' : 'pglite (embedded)',
      loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
      firstImport: summary(first, posts),
      reimportUnchanged: summary(again, posts),
      note: 'itemsPerSecond: wall time of `npx dateline import wordpress FILE --no-fetch` including process start and opening the database; peakRssMiB is the VmHWM of the importing process (the dateline command starts it as a child with a tuned heap), treePeakRssMiB the most both processes held at once (VmRSS summed every 100 ms); cpuSeconds is the import process own CPU time (user + system), the fair measure on a shared machine (see loadAverage)',
    }
    console.log(JSON.stringify(result, null, 2))
    const name = posts === 10_000 && !padKb ? 'import' : `import-${Math.round(bytes / 1048576)}mb`
    console.log(`wrote ${await writeResult(`${name}${databaseUrl ? '-postgres' : ''}`, result)}`)
  } finally {
    await dropDatabase?.()
    if (!args.includes('--keep')) await fsp.rm(tmp, { recursive: true, force: true })
  }
}
