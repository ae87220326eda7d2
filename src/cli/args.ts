import { parseArgs, type ParseArgsConfig } from 'node:util'
import { commaList } from '../shared/comma-list'
import { inputRefusalMessage, isApiName } from '../shared/api/calls'
import type { ApiErrorBody } from '../shared/errors'

export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

type Options = NonNullable<ParseArgsConfig['options']>

/** node:util parseArgs with usage errors that name the command. */
export function parse<O extends Options>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true
    })
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message}`)
  }
}

export function requireString(command: string, value: unknown, flag: string): string {
  if (typeof value !== 'string' || !value) throw new UsageError(`${command}: ${flag} is required`)
  return value
}

export function numberFlag(command: string, value: unknown, flag: string, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isFinite(n))
    throw new UsageError(`${command}: ${flag} must be a number, got ${JSON.stringify(value)}`)
  return n
}

export function listFlag(value: unknown): string[] | undefined {
  return typeof value === 'string' && value ? commaList(value) : undefined
}

/** A flag that takes one of a fixed list (the contract's constant); absent: the fallback. */
export function choiceFlag<T extends string, F extends T | undefined>(
  command: string,
  value: unknown,
  flag: string,
  choices: readonly T[],
  fallback: F
): T | F {
  if (value === undefined) return fallback
  const hit = choices.find((c) => c === value)
  if (hit === undefined) throw new UsageError(`${command}: ${flag} must be one of ${choices.join(', ')}`)
  return hit
}

/** A YYYY-MM-DD flag that names a real day ("2025-02-30" is refused here, not moved to March 2). */
export function dateFlag(command: string, value: unknown, flag: string): string | undefined {
  if (value === undefined) return undefined
  const s = String(value)
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) throw new UsageError(`${command}: ${flag} must be a date as YYYY-MM-DD, got ${JSON.stringify(s)}`)
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const days = mo >= 1 && mo <= 12 ? new Date(Date.UTC(y, mo, 0)).getUTCDate() : 0
  if (!days) throw new UsageError(`${command}: ${flag} ${s} has no month ${m[2]}; give YYYY-MM-DD`)
  if (d < 1 || d > days)
    throw new UsageError(
      `${command}: ${flag} ${s} is not a day: ${m[1]}-${m[2]} has ${days} days; give a real date`
    )
  return s
}

/** "maxRows" → "--max-rows": the flag a call's argument comes from. */
function flagOf(arg: string): string {
  return `--${arg.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
}

/**
 * An API input error met by a CLI call is a flag the user gave: the refusal's issue at path
 * ["maxRows"] ("Too big: …") becomes "--max-rows: too big: …" (exit 2, a usage error). Read from the
 * issues (path, message); only a call's input refusal (its message is its issues, one by one) is one.
 */
export function flagInputError(body: Pick<ApiErrorBody, 'code' | 'message' | 'issues'>): string | null {
  const issues = body.issues ?? []
  const call = body.message.slice(0, body.message.indexOf(': '))
  if (body.code !== 'invalid_input' || !issues.length || !isApiName(call)) return null
  if (body.message !== inputRefusalMessage(call, issues) || /[\r\n]/.test(body.message)) return null
  const parts = issues.map((i) => {
    const [arg = 'args', ...inside] = i.path.map(String)
    // The argument's name is the flag's; a path through an odd key is shown as it is.
    if (!/^[A-Za-z]\w*$/.test(arg) || !/^[\w.]*$/.test(inside.join('.')))
      return `${[arg, ...inside].join('.')}: ${i.message}`
    return `${flagOf(arg)}: ${i.message.charAt(0).toLowerCase()}${i.message.slice(1)}`
  })
  return `${parts.join('; ')} (see --help for the accepted values)`
}
