/** The elasticity domain's model list and labels, shared by core, CLI and UI (the renderer never imports src/core). */

export const MODEL_KINDS = ['ols', 'gam', 'poly2', 'poly3', 'rf', 'gbm'] as const
export type ModelKind = (typeof MODEL_KINDS)[number]

export const MODEL_LABELS: Record<ModelKind, string> = {
  ols: 'Log-log OLS',
  gam: 'GAM (P-spline)',
  poly2: 'Polynomial (2)',
  poly3: 'Polynomial (3)',
  rf: 'Random forest',
  gbm: 'Gradient boosting'
}

/** A model's name for people ("Polynomial (3)", not `poly3`); an id this version does not know stays as it is. */
export function modelLabel(id: string): string {
  return (MODEL_LABELS as Record<string, string>)[id] ?? id
}

/**
 * How models are validated: the last periods of every item (forecasting known items), k-fold
 * over rows within items (every item on both sides, so it keeps its baseline; for panels
 * without a period column), or whole held-out items (new items, no baseline).
 */
export const VALIDATIONS = ['time', 'rows', 'items'] as const
export type Validation = (typeof VALIDATIONS)[number]

/** The validations in the analyst's words (form, CLI summary, report). */
export const VALIDATION_LABELS: Record<Validation, string> = {
  time: 'Last periods of every item',
  rows: 'Held-out rows of every item',
  items: 'New items (held-out items)'
}
