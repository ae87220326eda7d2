import { Card, CardContent, Tab, Tabs, Typography } from '@mui/material'
import type { PropensityRun, TargetReport } from '../../../../shared/propensity/results'
import type { Target } from '../../../../shared/propensity'
import { int, pct } from '../../format'
import { ModelScoreTable, ScoreCharts } from './ModelScores'
import { OfferThreshold } from './OfferThreshold'
import { TARGET_LABELS } from './labels'

/** One tab per trained score: how it was built, its models against the rule baseline, its charts, its threshold. */
export function TargetResults({
  run,
  t,
  onTab,
  onError
}: {
  run: PropensityRun
  t: TargetReport
  onTab: (t: Target) => void
  onError: (e: Error) => void
}) {
  return (
    <Card>
      <CardContent>
        <Tabs value={t.target} onChange={(_, v: Target) => onTab(v)} sx={{ mb: 1 }}>
          {run.targets.map((x) => (
            <Tab key={x.target} value={x.target} label={TARGET_LABELS[x.target]} />
          ))}
        </Tabs>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          Features as of {t.cutoff} from data before it; labels from the {t.window_days} days after it;{' '}
          {int(t.learners)} {t.population}, {pct(t.positive_rate)} positive. Split by learner (25% test); best
          = highest cross-validated AUC. Scores for today are as of {run.scored_as_of}.
        </Typography>
        <ModelScoreTable
          models={[...t.models, t.baseline]}
          best={t.best_model}
          precision
          testId="propensity-table"
        />
        <ScoreCharts t={t} bands={run.bands ?? []} who="learners" segmentsTitle="Segments today" />
        <OfferThreshold target={t.target} onError={onError} />
      </CardContent>
    </Card>
  )
}
