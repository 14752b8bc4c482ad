import { constants } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'

/**
 * Checks, before the embedded database opens, that DATA_DIR can hold it: the folder exists or can
 * be created, is a folder, and it and its parent (where the lock file goes) are writable. Creates
 * missing parent folders. Returns a problem naming DATA_DIR, or undefined when all is well.
 */
export async function checkDataDir(dir: string): Promise<string | undefined> {
  const problem = (why: string) => `DATA_DIR must be a folder where the embedded database can be created and written, but "${dir}" ${why}`
  const parent = path.dirname(dir)
  try {
    await fs.mkdir(parent, { recursive: true })
  } catch (e) {
    return problem(`cannot be created (${reason(e)})`)
  }
  let stat
  try {
    stat = await fs.stat(dir)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return problem(`cannot be read (${reason(e)})`)
  }
  if (stat && !stat.isDirectory()) return problem('is a file, not a folder')
  for (const folder of stat ? [dir, parent] : [parent]) {
    try {
      await fs.access(folder, constants.W_OK | constants.X_OK)
    } catch (e) {
      return problem(`cannot be written: ${folder} is not writable (${reason(e)})`)
    }
  }
  return undefined
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'a part of the path is a file'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'EROFS') return 'read-only file system'
  return code ?? String(e)
}
