import { readFileSync } from 'node:fs'
import { DomainError } from '../shared/domain-error'
import { ROUNDING_RULES, type RoundingRule } from '../shared/pricing'
import { UsageError, choiceFlag } from './args'

const SHARE_EXAMPLE = 'e.g. --cost-share 0.4, or per segment --cost-share Tropicana=0.55,other=0.4'

function share(command: string, raw: string, entry: string): number {
  const x = Number(raw.trim())
  if (raw.trim() === '' || !Number.isFinite(x) || x < 0 || x > 1)
    throw new UsageError(
      `${command}: --cost-share "${entry}": a cost share is a fraction of today's price between 0 and 1 (${SHARE_EXAMPLE})`
    )
  return x
}

/**
 * --cost-share: one share for every item (0.4), or per segment (Tropicana=0.55,other=0.4; "other"
 * is every segment not listed); a bare number in the list is the share of the rest too.
 */
export function costShareFlag(
  command: string,
  value: string | undefined
): { share: number | null; bySegment: Record<string, number> | null } | undefined {
  if (value === undefined) return undefined
  let one: number | null = null
  const by: Record<string, number> = {}
  for (const entry of value.split(',')) {
    if (!entry.trim()) throw new UsageError(`${command}: --cost-share has an empty entry (${SHARE_EXAMPLE})`)
    const eq = entry.lastIndexOf('=')
    if (eq < 0) {
      one = share(command, entry, entry)
      continue
    }
    const name = entry.slice(0, eq).trim()
    if (!name) throw new UsageError(`${command}: --cost-share "${entry}" names no segment (${SHARE_EXAMPLE})`)
    if (name in by) throw new UsageError(`${command}: --cost-share lists "${name}" twice`)
    by[name] = share(command, entry.slice(eq + 1), entry)
  }
  return { share: one, bySegment: Object.keys(by).length ? by : null }
}

/** --round: a rule (auto, none, cent, …, 99) or a price step (0.05, 0.25): prices on its multiples. */
export function roundFlag(
  command: string,
  value: string | undefined
): { rule: RoundingRule; step: number | null } | undefined {
  if (value === undefined) return undefined
  if (/^\d*\.?\d+$/.test(value) && !['9', '49', '95', '99'].includes(value)) {
    const step = Number(value)
    if (!(step > 0)) throw new UsageError(`${command}: --round ${value}: a price step must be above 0`)
    return { rule: 'step', step }
  }
  const rule = choiceFlag(command, value, '--round', ROUNDING_RULES, undefined)
  if (rule === 'step') throw new UsageError(`${command}: --round takes the step itself, e.g. --round 0.05`)
  return rule === undefined ? undefined : { rule, step: null }
}

/** The cost table's text; an unreadable file is a usage error naming the flag. */
export function costsFile(command: string, path: string | undefined): string | undefined {
  if (path === undefined) return undefined
  try {
    return readFileSync(path, 'utf8')
  } catch (e) {
    throw new UsageError(`${command}: --costs ${path}: cannot read the cost table (${(e as Error).message})`)
  }
}

/** A refusal of the per-segment cost shares, told as the flag's: the segments it names do not exist. */
export function asCostShareUsage(command: string, e: unknown): unknown {
  if (e instanceof DomainError && e.issues.some((i) => i.path[0] === 'cost_shares'))
    return new UsageError(`${command}: --cost-share: ${e.message}`)
  return e
}
