/** A scenario change as a person writes it (`all:+5%`, `category=NAME:+10%`, `item=ID:-3%`), read into the contract's shape. */
import type { ScenarioChange } from './inputs'

/** The change, or why the text cannot be read (the caller says it in its own terms: a flag, a field). */
export function parseChange(text: string): { change: ScenarioChange } | { error: string } {
  const m = /^\s*(all|category=([^:]+)|item=([^:]+))\s*:\s*([+-]?\d+(?:\.\d+)?)\s*%\s*$/.exec(text)
  if (!m)
    return { error: `cannot read the change "${text}": write all:+5%, category=NAME:+10% or item=ID:-3%` }
  const pct = Number(m[4])
  if (pct <= -100) return { error: `the change "${text}" would make prices zero or negative` }
  if (m[1] === 'all') return { change: { scope: 'all', key: null, change_pct: pct } }
  return m[2] !== undefined
    ? { change: { scope: 'category', key: m[2].trim(), change_pct: pct } }
    : { change: { scope: 'item', key: (m[3] as string).trim(), change_pct: pct } }
}
