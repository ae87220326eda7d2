/** Checks a call's result against the call's output schema: it parses, and parsing drops no field the schema forgot. */
import { expect } from 'vitest'
import { z } from 'zod'
import { api, type ApiName } from '../../src/shared/api'

export function expectOutputConforms(name: ApiName, result: unknown): void {
  const output: unknown = api[name].output
  if (!(output instanceof z.ZodType)) throw new Error(`${name} declares no output schema`)
  // z.object drops unknown keys: a field the result has and the schema lacks makes the two differ.
  expect(output.parse(result)).toEqual(result)
}

/** The same check must refuse a result with one field of the wrong type (so the schema really checks). */
export function expectRefused(name: ApiName, broken: unknown): void {
  const output: unknown = api[name].output
  if (!(output instanceof z.ZodType)) throw new Error(`${name} declares no output schema`)
  expect(output.safeParse(broken).success).toBe(false)
}
