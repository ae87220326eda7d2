import { grouped } from '../../format'
// How the analysis writes its numbers: fixed decimals, a dash for a missing or infinite one.
export const fixed = (x: number | null | undefined, d = 2) => grouped(x, d)
