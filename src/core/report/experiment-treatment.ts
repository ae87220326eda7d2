import type { TreatmentCheck } from '../../shared/experiments'
import { esc } from './svg'

const pct = (x: number | null, d = 1) => (x === null ? 'n/a' : `${(x * 100).toFixed(d)}%`)

/**
 * The A/B section's treatment paragraph: how many prices the treatment really moves and by how
 * much, the effect the planned prices are expected to have and the power for it; a plan that
 * tests nothing or an undetectable effect is flagged first.
 */
export function treatmentHtml(t: TreatmentCheck | undefined, unitWord: string): string {
  if (!t) return ''
  const flag = t.flags.length
    ? `<div class="warn"><b>${t.changes_nothing ? 'This plan tests no price change' : 'Expected effect below what the test can detect'}:</b> ${t.flags.map(esc).join('; ')}</div>`
    : ''
  const arms = t.arms
    .map((a) => {
      const d = a.change_pct
      const spread = d
        ? `price changes ${d.min.toFixed(1)}% to ${d.max.toFixed(1)}% (median ${d.median.toFixed(1)}%, middle half ${d.p25.toFixed(1)}% to ${d.p75.toFixed(1)}%)`
        : 'no prices'
      const expected =
        a.expected_effect === null
          ? `expected effect not computed (${esc(a.basis)})`
          : `expected change of revenue per ${esc(unitWord)} ${pct(a.expected_effect)} (from ${esc(a.basis)}), power ${pct(a.power_at_expected)} for it`
      return `<li>${esc(a.arm)}: ${a.changed_units} of ${a.units} ${esc(unitWord)}s move by ${pct(t.min_change, 0)} or more; ${spread}; ${expected}.</li>`
    })
    .join('')
  const leftOut = t.left_out_units
    ? `<p>${t.left_out_units} ${esc(unitWord)}s whose price the treatment moves by less than ${pct(t.min_change, 0)} are left out of the test.</p>`
    : ''
  return `${flag}${leftOut}<ul>${arms}</ul>`
}
