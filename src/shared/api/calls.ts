/**
 * The call table: every call by name (`domain:verb`), merged from the domain files, and the
 * boundary check every transport runs on a raw call before a handler sees it.
 */
import type { z } from 'zod'
import { dataCalls } from '../data/calls'
import { elasticityCalls } from '../elasticity/calls'
import { issuesOfZod, type ApiErrorBody } from '../errors'
import { experimentCalls } from '../experiments/calls'
import { jobCalls } from './jobs'
import { pricingCalls } from '../pricing/calls'
import { projectCalls } from './project'
import { propensityCalls } from '../propensity/calls'
import { studyCalls } from '../study/calls'
import { transactionCalls } from '../transactions/calls'

/** Every call: input schema and result type. */
export const api = {
  ...projectCalls,
  ...dataCalls,
  ...transactionCalls,
  ...elasticityCalls,
  ...propensityCalls,
  ...pricingCalls,
  ...experimentCalls,
  ...studyCalls,
  ...jobCalls
} as const

export type Api = typeof api
export type ApiName = keyof Api
export type ApiArgs<K extends ApiName> = z.input<Api[K]['input']>
/** A call's result: its output schema's parsed type. */
export type ApiResult<K extends ApiName> = z.output<Api[K]['output']>

export function isApiName(name: unknown): name is ApiName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(api, name)
}

/** A call's input refusal as one line: "elasticity:train: maxRows: Too big: …; …" (each issue's path and message). */
export function inputRefusalMessage(
  name: string,
  issues: readonly { path: readonly PropertyKey[]; message: string }[]
): string {
  return `${name}: ${issues.map((i) => `${i.path.map(String).join('.') || 'args'}: ${i.message}`).join('; ')}`
}

/** Validates a raw call at the boundary; returns the parsed args or an invalid_input error body. */
export function parseCall(
  name: unknown,
  args: unknown
): { name: ApiName; args: unknown } | { error: ApiErrorBody } {
  if (!isApiName(name))
    return { error: { code: 'invalid_input', message: `unknown call ${JSON.stringify(name)}` } }
  const r = api[name].input.safeParse(args ?? {})
  if (!r.success)
    return {
      error: {
        code: 'invalid_input',
        message: inputRefusalMessage(name, r.error.issues),
        issues: issuesOfZod(r.error)
      }
    }
  return { name, args: r.data }
}
