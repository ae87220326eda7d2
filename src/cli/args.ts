import { parseArgs, type ParseArgsConfig } from 'node:util'
import { commaList } from '../shared/comma-list'

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
