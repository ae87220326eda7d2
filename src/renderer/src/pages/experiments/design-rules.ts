import type { NumberRule } from '../../components/number-rules'
import { experimentDesignSchema } from '../../../../shared/api'
import { boundsOf } from '../../../../shared/bounds'

const design = experimentDesignSchema.shape
const arm = design.arms.element.shape
/** The discriminated union's second option is the fixed percent change. */
const pctChange = arm.change.options[1].shape.pct

/**
 * The wizard's numbers in the user's terms (percent where the analyst thinks in
 * percent). Bounds are read from the API's experimentDesignSchema (the one place they
 * are written) and shown in the field's unit; a test checks each at its edges. Keys are
 * the design's field names (pct for an arm's change) so a server refusal maps back to the field's label.
 */
export const DESIGN_RULES = {
  pct: { label: 'Price change', unit: '%', ...boundsOf(pctChange), nullable: false },
  weight: { label: 'Weight', ...boundsOf(arm.weight), nullable: false },
  holdout: { label: 'Holdout', unit: '%', scale: 100, ...boundsOf(design.holdout, 100), nullable: false },
  alpha: { label: 'α (two-sided)', ...boundsOf(design.alpha), nullable: false },
  power: { label: 'Power', unit: '%', scale: 100, ...boundsOf(design.power, 100), nullable: false },
  mde: {
    label: 'Minimum detectable effect',
    unit: '%',
    scale: 100,
    ...boundsOf(design.mde, 100),
    nullable: true
  },
  seed: { label: 'Seed', integer: true, ...boundsOf(design.seed), nullable: false }
} satisfies Record<string, NumberRule>
