import { describe, expect, it } from 'vitest'
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { serve } from '../../src/cli/serve-command'
import type { ApiServer } from '../../src/server/api/http'
import { healthSchema } from '../../src/shared/serve/contract'
import { cli, sha256, tempDir } from '../helpers'

/** `pricelab serve` in this process: what it printed once listening, and a way to stop it. */
async function start(argv: string[]) {
  let out = ''
  let err = ''
  let stop!: () => void
  const stopped = new Promise<void>((r) => (stop = r))
  let ready!: (s: ApiServer) => void
  const listening = new Promise<ApiServer>((r) => (ready = r))
  const done = serve(argv, { out: (s) => (out += s), err: (s) => (err += s), isTTY: false }, stopped, ready)
  const server = await Promise.race([listening, done.then(() => null)])
  return { server, out: () => out, err: () => err, stop: async () => (stop(), await done) }
}

describe('pricelab serve (CLI)', () => {
  it('--print-openapi prints the OpenAPI 3.1 document of every path, without a project', async () => {
    const r = await cli('serve', '--print-openapi')
    expect(r.code).toBe(0)
    const doc = z
      .object({ openapi: z.literal('3.1.0'), paths: z.record(z.string(), z.unknown()) })
      .parse(JSON.parse(r.out))
    expect(Object.keys(doc.paths)).toEqual([
      '/v1/health',
      '/v1/price-sheet',
      '/v1/items/{id}/price',
      '/v1/demand',
      '/v1/customers/{id}/propensity',
      '/v1/learners/{id}/propensity',
      '/v1/reload'
    ])
  })

  it('prints exactly one line when listening; writes a new token file readable by its owner only', async () => {
    const dir = tempDir()
    const project = join(dir, 'p.pricelab')
    expect((await cli('generate', '--db', project, '--scale', '0.05')).code).toBe(0)
    const before = sha256(project)
    const tokenFile = join(dir, 'token')
    const s = await start(['--project', project, '--port', '0', '--token-file', tokenFile])
    try {
      expect(s.server).not.toBeNull()
      expect(s.out()).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n$/)
      expect(s.out()).toBe(`listening on ${s.server!.url}\n`)
      expect(s.err()).toMatch(/new token written to/)
      expect(statSync(tokenFile).mode & 0o777).toBe(0o600)
      const token = readFileSync(tokenFile, 'utf8').trim()
      expect(Buffer.from(token, 'base64url')).toHaveLength(32)
      // A project with data but no runs yet: served, with nothing to price.
      const h = await fetch(`${s.server!.url}/v1/health`, { headers: { Authorization: `Bearer ${token}` } })
      expect(healthSchema.parse(await h.json()).served.pricing_run).toBeNull()
      const sheet = await fetch(`${s.server!.url}/v1/price-sheet`, {
        headers: { Authorization: `Bearer ${token}` }
      })
      expect(sheet.status).toBe(404)
      expect(((await sheet.json()) as { error: { message: string } }).error.message).toMatch(
        /no price sheet yet/
      )
    } finally {
      await s.stop()
    }
    expect(sha256(project)).toBe(before)
    // The second start reads the same token.
    const again = await start(['--project', project, '--port', '0', '--token-file', tokenFile])
    expect(again.err()).toMatch(/token read from/)
    await again.stop()
  }, 120_000)

  it(
    'refuses unsafe or impossible settings with the flag at fault, writing nothing',
    { timeout: 60_000 },
    async () => {
      const dir = tempDir()
      const wide = await cli('serve', '--project', join(dir, 'p.pricelab'), '--host', '0.0.0.0')
      expect(wide.code).toBe(2)
      expect(wide.err).toMatch(/--host 0\.0\.0\.0 is reachable from other machines: give a --token-file/)
      const port = await cli('serve', '--project', join(dir, 'p.pricelab'), '--port', '70000')
      expect(port.code).toBe(2)
      expect(port.err).toMatch(/--port must be a whole number from 0 to 65535/)
      expect((await cli('serve')).err).toMatch(/--project is required/)

      const tokenFile = join(dir, 'token')
      const missing = await cli(
        'serve',
        '--project',
        join(dir, 'nope.pricelab'),
        '--token-file',
        tokenFile,
        '--json'
      )
      expect(missing.code).toBe(1)
      expect(JSON.parse(missing.out).error).toMatchObject({ code: 'not_found' })
      expect(missing.err).toMatch(/nope\.pricelab does not exist/)
      expect(existsSync(tokenFile)).toBe(false)

      const notProject = join(dir, 'notes.txt')
      writeFileSync(notProject, 'hello')
      const foreign = await cli('serve', '--project', notProject, '--token-file', tokenFile)
      expect(foreign.code).toBe(1)
      expect(foreign.err).toMatch(/is not a PriceLab project/)
      expect(readFileSync(notProject, 'utf8')).toBe('hello')
      expect(existsSync(notProject + '-wal')).toBe(false)

      // Token files are checked once the project is known to be one.
      const project = join(dir, 'p.pricelab')
      expect((await cli('generate', '--db', project, '--scale', '0.05')).code).toBe(0)
      const open = join(dir, 'open-token')
      writeFileSync(open, 'a'.repeat(40))
      chmodSync(open, 0o644)
      const readable = await cli('serve', '--project', project, '--token-file', open)
      expect(readable.code).toBe(1)
      expect(readable.err).toMatch(/other users can read it; make it private \(chmod 600/)
      const short = join(dir, 'short-token')
      writeFileSync(short, 'abc', { mode: 0o600 })
      expect((await cli('serve', '--project', project, '--token-file', short)).err).toMatch(
        /at least 22 characters/
      )
    }
  )
})
