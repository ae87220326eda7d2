// Scenarios: edit, save, duplicate, delete, and compare up to four side by side.
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack } from '@mui/material'
import { FormValidityScope, useFormValidity } from '../../components/FormValidity'
import { StaleNotice } from '../../components/StaleNotice'
import { SavedScenarioList } from './SavedScenarioList'
import { ScenarioComparison } from './ScenarioComparison'
import { ScenarioEditor } from './ScenarioEditor'
import { blankScenario, useScenarios } from './useScenarios'

export function ScenarioPanel({
  categories,
  sample = true,
  dataset,
  sheetRunId = null,
  segment = 'category'
}: {
  /** The dataset's latest price sheet (an "optimized" scenario forecasts its prices); null: none yet. */
  sheetRunId?: number | null
  categories: string[]
  sample?: boolean
  /** What the dataset's segments are called ("category", "brand"). */
  segment?: string
  /** The app's current dataset: only its scenarios are listed, and new ones are saved for it. */
  dataset?: string
}) {
  const s = useScenarios(dataset)
  const validity = useFormValidity()
  return (
    <Stack spacing={2}>
      <Box sx={{ display: 'flex', gap: 3, flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <SavedScenarioList
          saved={s.saved}
          picked={s.picked}
          onPicked={s.setPicked}
          segment={segment}
          onEdit={s.setDraft}
          onDelete={s.remove}
          compareCount={s.names.length}
          onCompare={s.compare}
        />
        <FormValidityScope value={validity}>
          <ScenarioEditor
            draft={s.draft}
            onDraft={s.setDraft}
            categories={categories}
            segment={segment}
            sheet={{ dataset: sample ? 'the sample' : (dataset ?? 'this dataset'), runId: sheetRunId }}
            validity={validity}
            onSave={s.save}
            onNew={() => s.setDraft(blankScenario(`Scenario ${s.saved.length + 1}`))}
          />
        </FormValidityScope>
      </Box>
      {s.error && (
        <Alert severity="error" data-testid="scenario-error">
          {s.error}
        </Alert>
      )}
      <Dialog open={s.replacing !== null} onClose={() => s.setReplacing(null)}>
        <DialogTitle>Scenario name already saved</DialogTitle>
        <DialogContent data-testid="replace-scenario-question">{s.replacing}</DialogContent>
        <DialogActions>
          <Button onClick={() => s.setReplacing(null)}>Cancel</Button>
          <Button color="warning" variant="contained" onClick={s.store} data-testid="replace-scenario">
            Replace
          </Button>
        </DialogActions>
      </Dialog>
      {s.results && (
        <StaleNotice
          computedWith={s.comparedWith}
          current={s.current}
          failed={s.compareFailed}
          onRerun={s.compare}
          rerunLabel="Compare again"
          rerunDisabled={!s.names.length}
          testId="scenario-stale"
        >
          <ScenarioComparison results={s.results} sample={sample} segment={segment} />
        </StaleNotice>
      )}
    </Stack>
  )
}
