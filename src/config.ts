import net from 'node:net'
import path from 'node:path'

/** Validated, typed configuration read from environment variables. */
export interface Config {
  port: number
  host: string
  /** Folder of the embedded database (used without databaseUrl); checked on disk by checkDataDir at start. */
  dataDir: string
  databaseUrl: string | undefined
  /** The longest a database query or the wait for a connection may take before the request gets a 503 (PostgreSQL); 0: none. */
  databaseDeadlineMs: number
  redisUrl: string | undefined
  siteUrl: URL
  shortUrlBase: URL | undefined
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** Load demo content into an empty database at start. */
  demoContent: boolean
  /** WebSub hub that feeds advertise and that is pinged when articles are published or corrected. */
  websubHub: URL | undefined
  /** E-mail of the administrator created on the first start of an empty database. */
  adminEmail: string
  /**
   * Which proxies' X-Forwarded-For to believe (Fastify's trustProxy): false (none, the default),
   * true (any: only behind a proxy that overwrites the header), a hop count, or addresses/CIDRs.
   */
  trustProxy: boolean | number | string[]
  /** Memory for the page cache, in MiB. */
  pageCacheMb: number
  /** The longest a cached page is served without being rendered again, in seconds. */
  pageCacheTtlSeconds: number
  /** Where to POST {"surrogate_keys": [...]} when pages change, to purge a CDN. */
  cdnPurgeUrl: URL | undefined
  cdnPurgeToken: string | undefined
  /** Event streams (live comments, now playing) one client address may hold open; 0 = no limit. */
  streamsPerAddress: number
  /** Worker processes to run: a number, or 'auto' for one per core. */
  workers: number | 'auto'
  /** Where new pictures' originals are kept: the database (shared by every node) or files in mediaDir. */
  mediaStore: 'database' | 'disk' | 's3'
  /** The S3-compatible store for originals (with MEDIA_STORE=s3, or to read pictures stored there before). */
  s3: S3Settings | undefined
  /** Folder of originals when mediaStore is 'disk' (a volume every node mounts). */
  mediaDir: string
  /** This node's cache of resized pictures; undefined keeps them in memory only. */
  mediaCacheDir: string | undefined
  /** Disk for that cache, in MiB. */
  mediaCacheMb: number
  /** The largest upload accepted, in MiB. */
  mediaMaxUploadMb: number
  /** The most pixels a picture may decode to, in millions (a small file can decode to gigapixels). */
  mediaMaxMegapixels: number
  /** Who runs the push sender, told to push services in VAPID (mailto: or https:); default mailto: the admin's e-mail. */
  vapidSubject: string
  /** Addresses and CIDR ranges outgoing requests (webhooks, polled wires) may reach although they are not public ("127.0.0.1, 10.0.0.0/8"). */
  fetchAllowedAddresses: string[]
  /** A folder the wire desk watches for incoming ninjs files (*.json). */
  wireDir: string | undefined
  /** A URL the wire desk polls for ninjs items (one item, an array, or {"items": [...]}). */
  wirePollUrl: URL | undefined
  /** Sent as `Authorization: Bearer …` when polling WIRE_POLL_URL. */
  wirePollToken: string | undefined
  /** Seconds between looks at WIRE_DIR and WIRE_POLL_URL. */
  wirePollSeconds: number
  /** smtp:// or smtps:// URL of the server account mail is sent through; undefined: mail is logged, not sent. */
  smtpUrl: URL | undefined
  /** The From of outgoing mail ("Name <address>" or an address). */
  mailFrom: string
  /** 'required': administrators must set up two-factor sign-in before doing anything else. */
  adminTwoFactor: 'optional' | 'required'
  /** Where to report a vulnerability, as security.txt's Contact: a mailto: or https: URI (default: mailto: the admin's e-mail). */
  securityContact: string
}

/** Where and how to reach an S3-compatible bucket (AWS S3, MinIO, Ceph, R2, …). */
export interface S3Settings {
  /** The service's base URL, e.g. https://s3.eu-west-1.amazonaws.com or http://minio:9000. */
  endpoint: URL
  bucket: string
  accessKey: string
  secretKey: string
  region: string
  /** 'path': endpoint/bucket/key (MinIO, most others); 'virtual': bucket.endpoint/key (AWS's preferred form). */
  urlStyle: 'path' | 'virtual'
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

type Env = Record<string, string | undefined>

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** Reads and validates the configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = []

  const value = (name: string): string | undefined => {
    const v = env[name]
    return v === undefined || v.trim() === '' ? undefined : v.trim()
  }

  const port = parsePort(value('PORT') ?? '3000')
  if (port === undefined) problems.push(`PORT must be a whole number from 1 to 65535, got "${env.PORT}"`)

  const host = value('HOST') ?? '127.0.0.1'
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(host)) problems.push(`HOST must be a host name or IP address, got "${host}"`)

  const dataDirText = value('DATA_DIR') ?? './data'
  const dataDir = path.resolve(dataDirText)
  if (/[\u0000-\u001F]/.test(dataDirText)) problems.push('DATA_DIR must be a folder path without control characters')
  else if (path.parse(dataDir).root === dataDir)
    problems.push(`DATA_DIR must be a folder of its own for the embedded database, not the root folder "${dataDir}"`)

  const databaseUrl = value('DATABASE_URL')
  if (databaseUrl !== undefined) {
    const u = parseUrl(databaseUrl)
    if (!u || !['postgres:', 'postgresql:'].includes(u.protocol)) {
      problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL (leave it unset to use the embedded database)')
    }
  }

  const deadlineText = value('DATABASE_DEADLINE_MS') ?? '5000'
  const databaseDeadlineMs = /^\d{1,6}$/.test(deadlineText) ? Number(deadlineText) : NaN
  if (!(databaseDeadlineMs === 0 || (databaseDeadlineMs >= 100 && databaseDeadlineMs <= 600_000)))
    problems.push(`DATABASE_DEADLINE_MS must be a whole number of milliseconds from 100 to 600000, or 0 for no deadline, got "${deadlineText}"`)

  const redisUrl = value('REDIS_URL')
  if (redisUrl !== undefined) {
    const u = parseUrl(redisUrl)
    if (!u || !['redis:', 'rediss:'].includes(u.protocol)) problems.push('REDIS_URL must be a redis:// or rediss:// URL')
  }

  const siteUrlText = value('SITE_URL') ?? `http://localhost:${port ?? 3000}`
  const siteUrl = parseUrl(siteUrlText)
  if (!siteUrl || !['http:', 'https:'].includes(siteUrl.protocol) || siteUrl.search || siteUrl.hash) {
    problems.push(`SITE_URL must be an http:// or https:// URL without query or fragment, got "${siteUrlText}"`)
  }

  const shortText = value('SHORT_URL_BASE')
  let shortUrlBase: URL | undefined
  if (shortText !== undefined) {
    shortUrlBase = parseUrl(shortText)
    if (!shortUrlBase || !['http:', 'https:'].includes(shortUrlBase.protocol)) {
      problems.push(`SHORT_URL_BASE must be an http:// or https:// URL, got "${shortText}"`)
    }
  }

  const hubText = value('WEBSUB_HUB')
  let websubHub: URL | undefined
  if (hubText !== undefined) {
    websubHub = parseUrl(hubText)
    if (!websubHub || !['http:', 'https:'].includes(websubHub.protocol) || websubHub.username || websubHub.password) {
      problems.push(`WEBSUB_HUB must be an http:// or https:// URL without credentials, got "${hubText}"`)
    }
  }

  const logLevel = (value('LOG_LEVEL') ?? 'info') as Config['logLevel']
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`)

  const demo = value('DEMO_CONTENT') ?? 'true'
  if (!['true', 'false', '1', '0'].includes(demo)) problems.push(`DEMO_CONTENT must be true or false, got "${demo}"`)

  const adminEmail = (value('ADMIN_EMAIL') ?? 'admin@dateline.local').toLowerCase()
  if (!/^[^\s@]+@[^\s@]+$/.test(adminEmail) || adminEmail.length > 254) problems.push(`ADMIN_EMAIL must be an e-mail address, got "${adminEmail}"`)

  const cacheText = value('PAGE_CACHE_MB') ?? '256'
  const pageCacheMb = /^\d{1,6}$/.test(cacheText) ? Number(cacheText) : NaN
  if (!(pageCacheMb >= 0 && pageCacheMb <= 100_000))
    problems.push(`PAGE_CACHE_MB must be a whole number of MiB from 0 (no page cache) to 100000, got "${cacheText}"`)

  const proxyText = value('TRUST_PROXY') ?? 'false'
  let trustProxy: boolean | number | string[]
  if (proxyText === 'true' || proxyText === 'false') trustProxy = proxyText === 'true'
  else if (/^\d{1,2}$/.test(proxyText)) trustProxy = Number(proxyText)
  else {
    trustProxy = proxyText
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)
    if (trustProxy.length === 0 || !trustProxy.every(isProxyAddress)) {
      problems.push(`TRUST_PROXY must be true, false, a number of hops, or a comma-separated list of proxy addresses/CIDRs, got "${proxyText}"`)
    }
  }

  const ttlText = value('PAGE_CACHE_TTL') ?? '300'
  const pageCacheTtlSeconds = /^\d{1,6}$/.test(ttlText) ? Number(ttlText) : NaN
  if (!(pageCacheTtlSeconds >= 1 && pageCacheTtlSeconds <= 86_400))
    problems.push(`PAGE_CACHE_TTL must be a whole number of seconds from 1 to 86400, got "${ttlText}"`)

  const streamsText = value('EVENT_STREAMS_PER_ADDRESS') ?? '32'
  const streamsPerAddress = /^\d{1,6}$/.test(streamsText) ? Number(streamsText) : NaN
  if (!(streamsPerAddress >= 0 && streamsPerAddress <= 100_000))
    problems.push(`EVENT_STREAMS_PER_ADDRESS must be a whole number from 0 (no limit) to 100000, got "${streamsText}"`)

  const purgeText = value('CDN_PURGE_URL')
  let cdnPurgeUrl: URL | undefined
  if (purgeText !== undefined) {
    cdnPurgeUrl = parseUrl(purgeText)
    if (!cdnPurgeUrl || !['http:', 'https:'].includes(cdnPurgeUrl.protocol))
      problems.push(`CDN_PURGE_URL must be an http:// or https:// URL, got "${purgeText}"`)
  }

  const workersText = value('WORKERS') ?? '1'
  const workers = workersText === 'auto' ? 'auto' : /^\d{1,3}$/.test(workersText) && Number(workersText) >= 1 ? Number(workersText) : undefined
  if (workers === undefined) problems.push(`WORKERS must be a number from 1 to 999 or "auto", got "${workersText}"`)

  const mediaStore = value('MEDIA_STORE') ?? 'database'
  if (mediaStore !== 'database' && mediaStore !== 'disk' && mediaStore !== 's3')
    problems.push(
      `MEDIA_STORE must be "database" (originals in the database, the default), "disk" (files in MEDIA_DIR) or "s3" (an S3-compatible bucket), got "${mediaStore}"`,
    )
  const s3 = readS3(value, problems, mediaStore === 's3')
  const folder = (name: string, fallback: string) => {
    const text = value(name)
    if (text === undefined) return fallback
    if (/[\u0000-\u001F]/.test(text)) problems.push(`${name} must be a folder path without control characters`)
    const resolved = path.resolve(text)
    if (path.parse(resolved).root === resolved) problems.push(`${name} must be a folder of its own, not the root folder "${resolved}"`)
    return resolved
  }
  const mediaDir = folder('MEDIA_DIR', path.join(dataDir, 'media'))
  const mediaCacheText = value('MEDIA_CACHE_DIR')
  const mediaCacheDir = mediaCacheText === 'off' ? undefined : folder('MEDIA_CACHE_DIR', path.join(dataDir, 'media-cache'))
  const wholeNumber = (name: string, fallback: string, min: number, max: number, what: string) => {
    const text = value(name) ?? fallback
    const n = /^\d{1,7}$/.test(text) ? Number(text) : NaN
    if (!(n >= min && n <= max)) problems.push(`${name} must be a whole number ${what} from ${min} to ${max}, got "${text}"`)
    return n
  }
  const mediaCacheMb = wholeNumber('MEDIA_CACHE_MB', '1024', 0, 10_000_000, 'of MiB')
  const mediaMaxUploadMb = wholeNumber('MEDIA_MAX_UPLOAD_MB', '32', 1, 1000, 'of MiB')
  const mediaMaxMegapixels = wholeNumber('MEDIA_MAX_MEGAPIXELS', '100', 1, 1000, 'of megapixels')

  const fetchAllowedAddresses = (value('FETCH_ALLOWED_ADDRESSES') ?? '').split(/[\s,]+/).filter(Boolean)
  for (const a of fetchAllowedAddresses) {
    if (!isProxyAddress(a) || PROXY_NAMES.includes(a)) problems.push(`FETCH_ALLOWED_ADDRESSES must list IP addresses or CIDR ranges, got "${a}"`)
  }
  const wireDirText = value('WIRE_DIR')
  const wireDir = wireDirText === undefined ? undefined : folder('WIRE_DIR', wireDirText)
  const wirePollText = value('WIRE_POLL_URL')
  const wirePollUrl = wirePollText === undefined ? undefined : parseUrl(wirePollText)
  if (wirePollText !== undefined && (!wirePollUrl || !['http:', 'https:'].includes(wirePollUrl.protocol) || wirePollUrl.username || wirePollUrl.password)) {
    problems.push(`WIRE_POLL_URL must be an http:// or https:// URL without credentials (put a token in WIRE_POLL_TOKEN), got "${wirePollText}"`)
  }
  const wirePollSeconds = wholeNumber('WIRE_POLL_SECONDS', '30', 1, 86_400, 'of seconds')
  const vapidText = value('VAPID_SUBJECT')
  if (vapidText !== undefined && ((!/^mailto:[^\s@]+@[^\s@]+$/.test(vapidText) && parseUrl(vapidText)?.protocol !== 'https:') || vapidText.length > 500))
    problems.push(`VAPID_SUBJECT must be a mailto: address or an https:// URL (push services use it to contact the site), got "${vapidText}"`)
  const vapidSubject = vapidText ?? `mailto:${adminEmail}`
  const smtpText = value('SMTP_URL')
  let smtpUrl: URL | undefined
  if (smtpText !== undefined) {
    smtpUrl = parseUrl(smtpText)
    if (!smtpUrl || !['smtp:', 'smtps:'].includes(smtpUrl.protocol) || !smtpUrl.hostname)
      problems.push(
        'SMTP_URL must be an smtp:// or smtps:// URL such as smtp://user:password@mail.example:587 (leave it unset to log mail instead of sending it)',
      )
  }
  const mailFrom = value('MAIL_FROM') ?? `Dateline <no-reply@${siteUrl?.hostname || 'localhost'}>`
  if (!/^(?:[^<>\r\n"]{0,100}<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(mailFrom) || mailFrom.length > 254)
    problems.push(`MAIL_FROM must be an e-mail address or "Name <address>", got "${mailFrom}"`)
  const adminTwoFactor = value('ADMIN_TWO_FACTOR') ?? 'optional'
  if (adminTwoFactor !== 'optional' && adminTwoFactor !== 'required')
    problems.push(`ADMIN_TWO_FACTOR must be "optional" or "required", got "${adminTwoFactor}"`)

  const contactText = value('SECURITY_CONTACT')
  let securityContact = `mailto:${adminEmail}`
  if (contactText !== undefined) {
    if (/^[^\s@:/]+@[^\s@/]+$/.test(contactText)) securityContact = `mailto:${contactText}`
    else if (/^mailto:[^\s@]+@[^\s@]+$/.test(contactText) || parseUrl(contactText)?.protocol === 'https:') securityContact = contactText
    else problems.push(`SECURITY_CONTACT must be an e-mail address, a mailto: address or an https:// URL, got "${contactText}"`)
    if (/[\u0000-\u0020\u007f]/.test(contactText) || contactText.length > 500) problems.push('SECURITY_CONTACT must be one address without spaces')
  }

  if (problems.length > 0) throw new ConfigError(problems)
  return {
    port: port!,
    host,
    dataDir,
    databaseUrl,
    databaseDeadlineMs,
    redisUrl,
    siteUrl: withoutTrailingSlash(siteUrl!),
    shortUrlBase: shortUrlBase ? withoutTrailingSlash(shortUrlBase) : undefined,
    logLevel,
    demoContent: demo === 'true' || demo === '1',
    websubHub,
    adminEmail,
    trustProxy,
    pageCacheMb,
    pageCacheTtlSeconds,
    cdnPurgeUrl,
    cdnPurgeToken: value('CDN_PURGE_TOKEN'),
    streamsPerAddress,
    workers: workers!,
    mediaStore: mediaStore as Config['mediaStore'],
    s3,
    mediaDir,
    mediaCacheDir: mediaCacheMb === 0 ? undefined : mediaCacheDir,
    mediaCacheMb,
    mediaMaxUploadMb,
    mediaMaxMegapixels,
    fetchAllowedAddresses,
    wireDir,
    wirePollUrl,
    wirePollToken: value('WIRE_POLL_TOKEN'),
    wirePollSeconds,
    vapidSubject,
    smtpUrl,
    mailFrom,
    adminTwoFactor: adminTwoFactor as Config['adminTwoFactor'],
    securityContact,
  }
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal']

/** An address or CIDR range that Fastify's trustProxy accepts (strictly: "100" or "abc" are not addresses). */
function isProxyAddress(text: string): boolean {
  if (PROXY_NAMES.includes(text)) return true
  const [address, bits, ...rest] = text.split('/')
  const family = net.isIP(address!)
  if (family === 0 || rest.length > 0) return false
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128))
}

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined
  const n = Number(text)
  return n >= 1 && n <= 65535 ? n : undefined
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}

function withoutTrailingSlash(u: URL): URL {
  const copy = new URL(u.href)
  copy.pathname = copy.pathname.replace(/\/+$/, '') || '/'
  return copy
}

/** The site's origin plus base path, without a trailing slash, for building absolute links. */
export function siteBase(config: Pick<Config, 'siteUrl'>): string {
  return config.siteUrl.href.replace(/\/$/, '')
}

const S3_NAMES = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY', 'S3_SECRET_KEY'] as const

/** The S3_* settings: all four named ones, or none (required with MEDIA_STORE=s3). */
function readS3(value: (name: string) => string | undefined, problems: string[], required: boolean): S3Settings | undefined {
  const given = S3_NAMES.filter((n) => value(n) !== undefined)
  if (given.length === 0) {
    if (required) problems.push(`MEDIA_STORE=s3 needs ${S3_NAMES.join(', ')} (and S3_REGION unless it is us-east-1)`)
    return undefined
  }
  const before = problems.length
  const missing = S3_NAMES.filter((n) => value(n) === undefined)
  if (missing.length) problems.push(`${missing[0]} must be set with the other S3 settings (${missing.join(', ')} missing)`)
  const endpoint = parseUrl(value('S3_ENDPOINT') ?? 'http://missing.invalid')
  if (!endpoint || !['http:', 'https:'].includes(endpoint.protocol) || endpoint.search || endpoint.hash || endpoint.username)
    problems.push('S3_ENDPOINT must be an http:// or https:// URL, like https://s3.eu-west-1.amazonaws.com or http://minio:9000')
  const bucket = value('S3_BUCKET') ?? 'missing'
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || bucket.includes('..'))
    problems.push(`S3_BUCKET must be a bucket name (3 to 63 lower-case letters, digits, dots and hyphens), got "${bucket}"`)
  for (const n of ['S3_ACCESS_KEY', 'S3_SECRET_KEY'] as const)
    if (/[\u0000-\u0020\u007f]/.test(value(n) ?? '')) problems.push(`${n} must not contain spaces or control characters`)
  const region = value('S3_REGION') ?? 'us-east-1'
  if (!/^[a-z0-9-]{1,40}$/.test(region)) problems.push(`S3_REGION must be a region name like eu-west-1, got "${region}"`)
  const urlStyle = value('S3_URL_STYLE') ?? 'path'
  if (urlStyle !== 'path' && urlStyle !== 'virtual') problems.push(`S3_URL_STYLE must be "path" or "virtual", got "${urlStyle}"`)
  if (problems.length > before) return undefined
  return {
    endpoint: endpoint!,
    bucket,
    accessKey: value('S3_ACCESS_KEY')!,
    secretKey: value('S3_SECRET_KEY')!,
    region,
    urlStyle: urlStyle as S3Settings['urlStyle'],
  }
}
