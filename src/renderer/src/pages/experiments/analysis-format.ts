// How the analysis writes its numbers: fixed decimals, a dash for a missing or infinite one.
export const fixed = (x: number | null | undefined, d = 2) =>
  x === null || x === undefined || !Number.isFinite(x)
    ? '—'
    : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d })
