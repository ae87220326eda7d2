import { SEED_TABLES, type SeedTable } from '../../shared/data'
/**
 * Forward-only migrations. A project file records every applied version in
 * `schema_migrations`; a file whose newest version is above ours is refused
 * (see migrate.ts) so an older PriceLab never writes to a newer project.
 *
 * Numbering: 1–7, then 11, 13 and 16. Versions 8–10, 12, 14 and 15 were never used by any
 * release or branch (`git log --all -S 'version: 12,'` finds nothing). 11 (customer propensity,
 * issue 14), 13 (study run owner, issue 17) and 16 (DML cache, issue 19) were written on branches
 * developed side by side (11 and 13 from the same main), each with a number of its own, so the
 * merged list could not hold one version twice; the history gives no other reason. A gap costs
 * nothing: migrate() applies, in list order, every migration above the file's highest recorded
 * version. So a new migration takes a number above the last one here (18 next), never a gap: a
 * file already at 16 would skip a new 12. 17: the pricing digest cache (issue 33).
 */
export interface Migration {
  version: number
  name: string
  sql: string
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'seed tables, price history, ground truth, datasets',
    sql: `
CREATE TABLE project_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE teachers (
  teacher_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  join_date TEXT NOT NULL,
  specialty TEXT NOT NULL,
  quality_score REAL NOT NULL
);

CREATE TABLE learners (
  learner_id INTEGER PRIMARY KEY,
  join_date TEXT NOT NULL,
  country TEXT,
  token_balance REAL NOT NULL DEFAULT 0,
  learning_streak_days INTEGER NOT NULL DEFAULT 0,
  forum_participation_score REAL NOT NULL DEFAULT 0,
  assignment_submission_rate REAL NOT NULL DEFAULT 0,
  completion_rate REAL NOT NULL DEFAULT 0,
  avg_rating_given REAL,
  price_sensitivity REAL,
  last_activity_date TEXT,
  last_enrollment_date TEXT
);

CREATE TABLE courses (
  course_id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  category TEXT NOT NULL,
  difficulty_level TEXT NOT NULL,
  quality_tier TEXT NOT NULL,
  quality_score REAL,
  teacher_id INTEGER NOT NULL REFERENCES teachers(teacher_id),
  token_price REAL NOT NULL CHECK (token_price > 0),
  launch_date TEXT NOT NULL,
  duration_hours REAL
);
CREATE INDEX courses_category ON courses(category);

CREATE TABLE enrollments (
  enrollment_id INTEGER PRIMARY KEY,
  learner_id INTEGER NOT NULL REFERENCES learners(learner_id),
  course_id INTEGER NOT NULL REFERENCES courses(course_id),
  enrollment_date TEXT NOT NULL,
  tokens_paid REAL NOT NULL,
  completed INTEGER NOT NULL DEFAULT 0,
  rating REAL
);
CREATE INDEX enrollments_learner ON enrollments(learner_id, enrollment_date);
CREATE INDEX enrollments_course ON enrollments(course_id, enrollment_date);

CREATE TABLE token_transactions (
  transaction_id INTEGER PRIMARY KEY,
  learner_id INTEGER NOT NULL REFERENCES learners(learner_id),
  transaction_date TEXT NOT NULL,
  type TEXT NOT NULL,
  amount REAL NOT NULL,
  balance_after REAL NOT NULL,
  course_id INTEGER REFERENCES courses(course_id)
);
CREATE INDEX token_transactions_learner ON token_transactions(learner_id, transaction_date);

CREATE TABLE platform_metrics (
  metric_date TEXT PRIMARY KEY,
  active_learners INTEGER NOT NULL,
  new_learners INTEGER NOT NULL,
  enrollments INTEGER NOT NULL,
  completions INTEGER NOT NULL,
  tokens_spent REAL NOT NULL,
  tokens_purchased REAL NOT NULL,
  avg_token_price REAL
);

-- Weekly price and demand per course: elasticity is learned from prices that move over time.
CREATE TABLE course_price_history (
  course_id INTEGER NOT NULL REFERENCES courses(course_id),
  week_start TEXT NOT NULL,
  token_price REAL NOT NULL CHECK (token_price > 0),
  enrollments INTEGER NOT NULL,
  PRIMARY KEY (course_id, week_start)
) WITHOUT ROWID;

-- The generator's known answers (true elasticities, latent propensities), for checking models.
CREATE TABLE ground_truth (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  metric TEXT NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (scope, key, metric)
) WITHOUT ROWID;

-- Imported analyst datasets: each lives in its own table, described here.
CREATE TABLE datasets (
  dataset_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  table_name TEXT NOT NULL UNIQUE,
  source_file TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  columns_json TEXT NOT NULL,
  roles_json TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
`
  },
  {
    version: 2,
    name: 'elasticity runs and model registry',
    sql: `
CREATE TABLE elasticity_runs (
  run_id INTEGER PRIMARY KEY,
  dataset TEXT NOT NULL,
  dataset_version INTEGER NOT NULL,
  best_model TEXT,
  plan_json TEXT NOT NULL,
  report_json TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- Every trained model: kind, version per dataset and kind, hyperparameters, metrics, the model itself.
CREATE TABLE models (
  model_id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES elasticity_runs(run_id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  version INTEGER NOT NULL,
  dataset TEXT NOT NULL,
  dataset_version INTEGER NOT NULL,
  hyperparameters_json TEXT NOT NULL,
  metrics_json TEXT NOT NULL,
  model_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (dataset, kind, version)
);
CREATE INDEX models_run ON models(run_id);
`
  },
  {
    version: 3,
    name: 'propensity runs and learner scores',
    sql: `
CREATE TABLE propensity_runs (
  run_id INTEGER PRIMARY KEY,
  cutoff TEXT NOT NULL,
  scored_as_of TEXT NOT NULL,
  report_json TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- Every learner's score per target, versioned by the run (and so the models) that produced it.
CREATE TABLE learner_scores (
  run_id INTEGER NOT NULL REFERENCES propensity_runs(run_id) ON DELETE CASCADE,
  learner_id INTEGER NOT NULL,
  target TEXT NOT NULL,
  score REAL NOT NULL,
  segment TEXT NOT NULL,
  PRIMARY KEY (run_id, learner_id, target)
) WITHOUT ROWID;
`
  },
  {
    version: 4,
    name: 'pricing runs and scenarios',
    sql: `
-- Every optimization: the elasticity run and model it used, its options, the whole result.
CREATE TABLE pricing_runs (
  run_id INTEGER PRIMARY KEY,
  elasticity_run_id INTEGER NOT NULL,
  model TEXT NOT NULL,
  options_json TEXT NOT NULL,
  result_json TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- Named what-if scenarios, kept in the project.
CREATE TABLE pricing_scenarios (
  name TEXT PRIMARY KEY,
  spec_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
`
  },
  {
    version: 5,
    name: 'experiments',
    sql: `
-- A/B test plans: the design, the plan summary, and every unit's arm and price as exported.
CREATE TABLE experiments (
  name TEXT PRIMARY KEY,
  design_json TEXT NOT NULL,
  plan_json TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE experiment_assignments (
  experiment TEXT NOT NULL REFERENCES experiments(name) ON DELETE CASCADE,
  unit_id TEXT NOT NULL,
  arm TEXT NOT NULL,
  stratum TEXT NOT NULL,
  assigned_price REAL,
  PRIMARY KEY (experiment, unit_id)
) WITHOUT ROWID;
-- Analyses of returned results.
CREATE TABLE experiment_analyses (
  analysis_id INTEGER PRIMARY KEY,
  experiment TEXT,
  results_file TEXT NOT NULL,
  analysis_json TEXT NOT NULL,
  created_at TEXT NOT NULL
);
`
  },
  {
    version: 6,
    name: 'pipeline runs',
    sql: `
-- Every study run: its config, each stage's outcome and timing, the headline metrics, where the report went.
CREATE TABLE pipeline_runs (
  run_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  config_json TEXT NOT NULL,
  stages_json TEXT NOT NULL,
  metrics_json TEXT NOT NULL,
  report_dir TEXT,
  error TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT
);
`
  },
  {
    version: 7,
    name: 'learner score contributions',
    sql: `
-- Why a learner scores as they do: the top features per target (JSON [{feature, contribution, value}]).
CREATE TABLE learner_contributions (
  run_id INTEGER NOT NULL REFERENCES propensity_runs(run_id) ON DELETE CASCADE,
  learner_id INTEGER NOT NULL,
  target TEXT NOT NULL,
  top_json TEXT NOT NULL,
  PRIMARY KEY (run_id, learner_id, target)
) WITHOUT ROWID;
`
  },
  {
    version: 11,
    name: 'propensity runs on imported customer tables',
    sql: `
-- A label of an imported dataset, trained like the learner targets (report_json: the target report).
CREATE TABLE customer_propensity_runs (
  run_id INTEGER PRIMARY KEY,
  dataset TEXT NOT NULL,
  label TEXT NOT NULL,
  report_json TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX customer_propensity_runs_dataset ON customer_propensity_runs(dataset, run_id);

-- Every customer (dataset row) of a run: its id, calibrated score, band, and top columns (JSON).
CREATE TABLE customer_scores (
  run_id INTEGER NOT NULL REFERENCES customer_propensity_runs(run_id) ON DELETE CASCADE,
  row_no INTEGER NOT NULL,
  customer_id TEXT NOT NULL,
  score REAL NOT NULL,
  segment TEXT NOT NULL,
  top_json TEXT NOT NULL,
  PRIMARY KEY (run_id, row_no)
) WITHOUT ROWID;
`
  },
  {
    version: 13,
    name: 'study run owner',
    sql: `
-- The process running a study ("pid@host"): a run still 'running' whose process is gone was cut off by a crash.
ALTER TABLE pipeline_runs ADD COLUMN owner TEXT;
`
  },
  {
    version: 16,
    name: 'debiased estimate cache',
    sql: `
-- Debiased (DML) estimates by the content of the panel and the settings they ran with (key: a SHA-256):
-- a repeated run on unchanged data reuses the estimate instead of refitting its nuisance models.
CREATE TABLE dml_cache (
  key TEXT PRIMARY KEY,
  result_json TEXT NOT NULL,
  ms INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
`
  },
  {
    version: 17,
    name: 'pricing digest cache',
    sql: `
-- Pricing's per-item digest of a dataset (src/core/pricing/digest-cache.ts), keyed by the dataset's stamp (name,
-- version, import time, rows, columns, roles) and the settings that change it (items, controls): a later optimize
-- on unchanged data reads this instead of the whole table. body: the versioned binary digest format.
CREATE TABLE pricing_digest_cache (
  key TEXT PRIMARY KEY,
  dataset TEXT NOT NULL,
  stamp TEXT NOT NULL,
  body BLOB NOT NULL,
  created_at TEXT NOT NULL,
  -- Reads served from this entry (a later optimize that did not read the table).
  hits INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX pricing_digest_cache_dataset ON pricing_digest_cache(dataset);
`
  }
]

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version

export function isSeedTable(name: string): name is SeedTable {
  return (SEED_TABLES as readonly string[]).includes(name)
}
