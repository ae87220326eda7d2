import { randomBytes } from 'node:crypto'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { DomainError } from '../../shared/domain-error'

/** Shortest token accepted from a file: 128 bits written as text. */
const MIN_TOKEN = 22

/**
 * The bearer token: read from `file`, or, when the file does not exist, a new random one
 * (256 bits, base64url) written there readable by its owner only (mode 0600).
 */
export function readOrCreateToken(file: string): { token: string; created: boolean } {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT')
      throw new DomainError('invalid_input', `--token-file ${file}: ${(e as Error).message}`)
    const token = randomBytes(32).toString('base64url')
    // 'wx': never overwrite a file another process created meanwhile.
    writeFileSync(file, token + '\n', { mode: 0o600, flag: 'wx' })
    return { token, created: true }
  }
  const token = text.trim()
  if (token.length < MIN_TOKEN || /\s/.test(token))
    throw new DomainError(
      'invalid_input',
      `--token-file ${file}: the token must be one line of at least ${MIN_TOKEN} characters without spaces (delete the file to have a new one written)`
    )
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0)
    throw new DomainError(
      'invalid_input',
      `--token-file ${file}: other users can read it; make it private (chmod 600 ${file})`
    )
  return { token, created: false }
}
