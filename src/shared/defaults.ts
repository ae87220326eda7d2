/**
 * The seed every seeded step uses unless the analyst gives another (sample generation, folds and
 * splits, bootstrap, assignment): one constant, so the app, the CLI and the study agree and a run
 * is reproduced by naming nothing.
 */
export const DEFAULT_SEED = 42
