import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { root, sources } from './source-files'

/**
 * No silent catch (issue 18): every `catch` in src either uses the error it caught (passes it
 * on, shows it, logs it), throws, or names the expected case it absorbs in a comment beside it.
 */

/** `catch {`, `catch (e) {`, `.catch((e) =>`, `.catch(e =>` and an error listener `.on('error', (e) =>`. */
const CATCH =
  /(?:\bcatch\s*(?:\(\s*(\w+)[^)]*\))?\s*\{|\.(?:catch\(|on\(\s*'error',)\s*(?:async\s*)?(?:\(\s*(\w*)[^)]*\)|(\w+))\s*=>)/

/** The catches of one file that neither use their error, nor throw, nor say why they absorb it. */
export function silentCatches(text: string): number[] {
  const lines = text.split('\n')
  const silent: number[] = []
  lines.forEach((line, i) => {
    const m = CATCH.exec(line)
    if (!m) return
    const name = m[1] ?? m[2] ?? m[3]
    const after = lines.slice(i, i + 5).join('\n')
    const around = lines.slice(Math.max(0, i - 2), i + 3).join('\n')
    const usesError =
      !!name && !name.startsWith('_') && (after.match(new RegExp(`\\b${name}\\b`, 'g')) ?? []).length > 1
    const explained = /\/\/|\*\//.test(around) || /\bthrow\b|console\.(warn|error)/.test(after)
    if (!usesError && !explained) silent.push(i + 1)
  })
  return silent
}

describe('no silent catch', () => {
  it('every catch in src uses its error, throws, or says which expected case it absorbs', () => {
    const found = sources(join(root, 'src')).flatMap((f) =>
      silentCatches(readFileSync(f, 'utf8')).map((line) => `${relative(root, f)}:${line}`)
    )
    expect(found).toEqual([])
  })

  it('tells a silent catch from a handled one (the scan can fail)', () => {
    expect(silentCatches('try {\n  f()\n} catch {\n  return 0\n}')).toEqual([3])
    expect(silentCatches('p.catch(() => undefined)')).toEqual([1])
    expect(silentCatches("child.on('error', () => {})")).toEqual([1])
    expect(silentCatches('try {\n  f()\n} catch {\n  // Gone already: nothing to delete.\n}')).toEqual([])
    expect(silentCatches('p.catch((e) => setError(e))')).toEqual([])
    expect(silentCatches('try {\n  f()\n} catch (e) {\n  throw wrap(e)\n}')).toEqual([])
  })
})
