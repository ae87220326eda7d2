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

export type { ElasticityReport } from '../core/elasticity/report'
export type { ModelReport } from '../core/elasticity/train'
export type { RunSummary } from '../core/elasticity/registry'
