/** A number schema's bounds, read from the zod schema (the one place they are written) for the forms and checks. */
import type { z } from 'zod'

export interface SchemaBounds {
  min?: number
  max?: number
  /** The bound itself is refused (`gt`, `positive`, `lt`). */
  minExclusive?: boolean
  maxExclusive?: boolean
}

/** The number schema inside nullable / optional / default wrappers. */
function innerNumber(schema: z.core.$ZodType): z.core.$ZodType {
  let s = schema
  for (;;) {
    const def = s._zod.def
    if ((def.type === 'nullable' || def.type === 'optional' || def.type === 'default') && 'innerType' in def)
      s = def.innerType as z.core.$ZodType
    else return s
  }
}

/** Bounds as shown: stored × `scale` (100 shows a share as a percent), without float noise. */
export function boundsOf(schema: z.core.$ZodType, scale = 1): SchemaBounds {
  const shown = (x: number) => Math.round(x * scale * 1e9) / 1e9
  const out: SchemaBounds = {}
  for (const check of innerNumber(schema)._zod.def.checks ?? []) {
    const def: { check?: string; value?: unknown; inclusive?: unknown } = check._zod.def
    if (typeof def.value !== 'number') continue
    if (def.check === 'greater_than') {
      out.min = shown(def.value)
      if (def.inclusive === false) out.minExclusive = true
    }
    if (def.check === 'less_than') {
      out.max = shown(def.value)
      if (def.inclusive === false) out.maxExclusive = true
    }
  }
  return out
}
