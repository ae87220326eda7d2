import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { studyConfigSchema } from '../shared/api'
import { UsageError, parse, requireString } from './args'
import { report, withProgress, withProject, type Command } from './io'
import { seconds } from '../shared/format/numbers'

/** Reads and validates a study config; every problem names its path in the JSON. */
export function readStudyConfig(path: string | undefined) {
  if (!path) return studyConfigSchema.parse({})
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (e) {
    throw new UsageError(`run: cannot read the config ${path}: ${(e as Error).message}`)
  }
  const r = studyConfigSchema.safeParse(raw)
  if (!r.success)
    throw new UsageError(
      `run: ${path} is not a valid study config: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`
    )
  // The cost table's path is relative to the config file, as an analyst writes it beside it.
  if (r.data.pricing.costs) r.data.pricing.costs = resolve(dirname(path), r.data.pricing.costs)
  return r.data
}

export const RUN_COMMAND: Record<string, Command> = {
  run: {
    summary:
      'Run the whole study (data quality, elasticity, propensity, optimization, A/B plan) and write the report',
    usage: 'pricelab run --db FILE [--config study.json] --report DIR [--pdf] [--force] [--json]',
    async run(argv, io) {
      const { values } = parse('run', argv, {
        db: { type: 'string' },
        config: { type: 'string' },
        report: { type: 'string' },
        pdf: { type: 'boolean' },
        force: { type: 'boolean' }
      })
      const db = requireString('run', values.db, '--db')
      const dir = requireString('run', values.report, '--report')
      const config = readStudyConfig(values.config)
      return withProject(db, config.generate !== null, async (b) => {
        const r = await withProgress(b, io, values.json, () =>
          b.call('pipeline:run', { jobId: 'cli', config, reportDir: dir, force: values.force })
        )
        // --pdf: the report printed by headless Chromium, kept as report.pdf beside report.html.
        const pdf =
          values.pdf && r.status === 'ok'
            ? (await b.call('pipeline:pdf', { runId: r.run_id, inFolder: true })).path
            : null
        report(io, values.json, { ...r, report: r.report_dir, pdf }, () => [
          ...r.stages.map(
            (s) =>
              `${s.stage.padEnd(11)} ${s.status.padEnd(9)} ${s.ms === null ? '' : seconds(s.ms).padStart(8)}  ${s.message ?? ''}`
          ),
          r.status === 'ok' ? `Report: ${r.report_dir}/report.html` : `Run ${r.status}: ${r.error}`,
          ...(pdf ? [`PDF: ${pdf}`] : [])
        ])
        return r.status === 'ok' ? 0 : 1
      })
    }
  }
}
