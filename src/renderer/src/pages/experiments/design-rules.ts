import type { NumberRule } from '../../components/number-rules'

/**
 * The wizard's numbers in the user's terms (percent where the analyst thinks in
 * percent). Bounds are the API's experimentDesignSchema, written as shown; a test
 * checks each at its edges. Keys are the design's field names (pct for an arm's
 * change) so a server refusal maps back to the field's label.
 */
export const DESIGN_RULES = {
  pct: { label: 'Price change', unit: '%', min: -100, minExclusive: true, max: 1000, nullable: false },
  weight: { label: 'Weight', min: 0, minExclusive: true, max: 100, nullable: false },
  holdout: { label: 'Holdout', unit: '%', scale: 100, min: 0, max: 50, nullable: false },
  alpha: {
    label: 'α (two-sided)',
    min: 0,
    minExclusive: true,
    max: 0.5,
    maxExclusive: true,
    nullable: false
  },
  power: {
    label: 'Power',
    unit: '%',
    scale: 100,
    min: 50,
    minExclusive: true,
    max: 100,
    maxExclusive: true,
    nullable: false
  },
  mde: {
    label: 'Minimum detectable effect',
    unit: '%',
    scale: 100,
    min: 0,
    minExclusive: true,
    max: 1000,
    nullable: true
  },
  seed: { label: 'Seed', integer: true, min: 0, max: 2 ** 31, nullable: false }
} satisfies Record<string, NumberRule>
