import type { TreatmentCheck } from '../../shared/experiments'
import { esc } from './svg'
import { pct } from '../../shared/format/numbers'

const share = (x: number | null) => (x === null ? 'n/a' : pct(x))
/** A change already in percent points (-12.5 → "-12.50%"). */
const points = (x: number) => pct(x / 100)

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
        ? `price changes ${points(d.min)} to ${points(d.max)} (median ${points(d.median)}, middle half ${points(d.p25)} to ${points(d.p75)})`
        : 'no prices'
      const expected =
        a.expected_effect === null
          ? `expected effect not computed (${esc(a.basis)})`
          : `expected change of revenue per ${esc(unitWord)} ${share(a.expected_effect)} (from ${esc(a.basis)}), power ${share(a.power_at_expected)} for it`
      return `<li>${esc(a.arm)}: ${a.changed_units} of ${a.units} ${esc(unitWord)}s move by ${share(t.min_change)} or more; ${spread}; ${expected}.</li>`
    })
    .join('')
  const leftOut = t.left_out_units
    ? `<p>${t.left_out_units} ${esc(unitWord)}s whose price the treatment moves by less than ${share(t.min_change)} are left out of the test.</p>`
    : ''
  return `${flag}${leftOut}<ul>${arms}</ul>`
}
