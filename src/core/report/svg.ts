/**
 * Static SVG charts for the study report: no script, no network, printable.
 * Horizontal layouts, so long category names stay readable.
 */
import { count, grouped } from '../../shared/format/numbers'

export const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** An axis tick or a bar's value: whole from 1,000 (grouped), one decimal from 10, else two. */
const fmt = (x: number) =>
  Number.isInteger(x) || Math.abs(x) >= 1000 ? count(x) : grouped(x, Math.abs(x) >= 10 ? 1 : 2)

function scale(lo: number, hi: number, x0: number, x1: number) {
  const span = hi - lo || 1
  return (v: number) => x0 + ((v - lo) / span) * (x1 - x0)
}

/** Bars from zero, positive and negative, one row per label. */
export function barChart(
  rows: { label: string; value: number }[],
  opts: { title: string; unit?: string }
): string {
  const rowH = 22
  const left = 190
  const width = 640
  const right = width - 60
  const height = 30 + rows.length * rowH + 24
  const lo = Math.min(0, ...rows.map((r) => r.value))
  const hi = Math.max(0, ...rows.map((r) => r.value))
  const x = scale(lo, hi, left, right)
  const bars = rows
    .map((r, k) => {
      const y = 30 + k * rowH
      const a = x(Math.min(0, r.value))
      const b = x(Math.max(0, r.value))
      const color = r.value < 0 ? '#c62828' : '#1e5bc6'
      return `<text x="${left - 8}" y="${y + 14}" text-anchor="end">${esc(r.label)}</text><rect x="${a.toFixed(1)}" y="${y + 3}" width="${Math.max(1, b - a).toFixed(1)}" height="${rowH - 8}" fill="${color}"/><text x="${(r.value < 0 ? a - 4 : b + 4).toFixed(1)}" y="${y + 14}" text-anchor="${r.value < 0 ? 'end' : 'start'}" class="v">${fmt(r.value)}</text>`
    })
    .join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(opts.title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" class="chart"><text x="0" y="16" class="t">${esc(opts.title)}</text><line x1="${x(0).toFixed(1)}" y1="26" x2="${x(0).toFixed(1)}" y2="${height - 20}" stroke="#888"/>${bars}<text x="${right}" y="${height - 4}" text-anchor="end" class="v">${esc(opts.unit ?? '')}</text></svg>`
}

/** Estimates with their intervals, and the true value where known (a hollow diamond). */
export function intervalChart(
  rows: { label: string; value: number; low: number | null; high: number | null; truth?: number | null }[],
  opts: { title: string; unit?: string }
): string {
  const rowH = 22
  const left = 190
  const width = 640
  const right = width - 20
  const height = 30 + rows.length * rowH + 30
  const all = rows.flatMap((r) =>
    [r.value, r.low, r.high, r.truth].filter((v): v is number => v !== null && v !== undefined)
  )
  const pad = (Math.max(...all) - Math.min(...all)) * 0.08 || 0.1
  const lo = Math.min(...all) - pad
  const hi = Math.max(...all) + pad
  const x = scale(lo, hi, left, right)
  const ticks = Array.from({ length: 5 }, (_, k) => lo + ((hi - lo) * (k + 0.5)) / 5)
  const body = rows
    .map((r, k) => {
      const y = 30 + k * rowH + rowH / 2
      const ci =
        r.low !== null && r.high !== null
          ? `<line x1="${x(r.low).toFixed(1)}" y1="${y}" x2="${x(r.high).toFixed(1)}" y2="${y}" stroke="#1e5bc6" stroke-width="2"/>`
          : ''
      const truth =
        r.truth !== null && r.truth !== undefined
          ? `<path d="M${x(r.truth).toFixed(1)} ${y - 6} l6 6 l-6 6 l-6 -6 z" fill="none" stroke="#2e7d32" stroke-width="1.5"/>`
          : ''
      return `<text x="${left - 8}" y="${y + 4}" text-anchor="end">${esc(r.label)}</text>${ci}<circle cx="${x(r.value).toFixed(1)}" cy="${y}" r="4" fill="#1e5bc6"/>${truth}`
    })
    .join('')
  const axis = ticks
    .map(
      (t) => `<text x="${x(t).toFixed(1)}" y="${height - 8}" text-anchor="middle" class="v">${fmt(t)}</text>`
    )
    .join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(opts.title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" class="chart"><text x="0" y="16" class="t">${esc(opts.title)}</text>${body}${axis}<text x="${right}" y="16" text-anchor="end" class="v">${esc(opts.unit ?? '')}</text></svg>`
}
