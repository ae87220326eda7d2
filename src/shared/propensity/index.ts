/** The propensity domain's targets, classifiers and encodings, shared by core, CLI and UI (the renderer never imports src/core). */

export const TARGETS = ['enrollment', 'churn', 'completion', 'upsell'] as const
export type Target = (typeof TARGETS)[number]

/** The classifiers every target trains (the rule-based baseline is reported beside them as 'rules'). */
export const CLASSIFIERS = ['logistic', 'rf', 'gbm'] as const
export type ClassifierKind = (typeof CLASSIFIERS)[number]

/** How a customer model's scores are calibrated (chosen on the validation folds). */
export const CALIBRATION_METHODS = ['platt', 'isotonic'] as const
export type CalibrationMethod = (typeof CALIBRATION_METHODS)[number]

/** How a customer table's column enters the model, in the analyst's words. */
export const FEATURE_ENCODINGS = ['number', 'yes/no', 'one-hot', 'target-encoded'] as const
export type FeatureEncoding = (typeof FEATURE_ENCODINGS)[number]
