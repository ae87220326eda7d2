/** The study pipeline's stages: the enum its run records are built from. */

/** The pipeline's stages, in the order they run. */
export const STAGES = [
  'data',
  'features',
  'elasticity',
  'propensity',
  'pricing',
  'experiment',
  'report'
] as const
export type Stage = (typeof STAGES)[number]
