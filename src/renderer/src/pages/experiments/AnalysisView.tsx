// The Analysis tab: pick a plan and the reading, import a results CSV, and read the analysis (marked when stale).
import { useRef, useState } from 'react'
import { Alert, Box, Button, MenuItem, Stack, TextField, Typography } from '@mui/material'
import type { Analysis } from '../../../../shared/experiments'
import { ApiError } from '../../../../shared/api'
import { usePriceLab } from '../../api/ClientContext'
import { AnalysisResults } from './AnalysisResults'
import { StaleNotice } from '../../components/StaleNotice'
import { HiddenFileInput } from '../../components/HiddenFileInput'

/** A two-way choice shown as a small select (its two options in words). */
function Toggle(p: {
  label: string
  on: boolean
  set: (on: boolean) => void
  off: string
  onText: string
  width: number
  testId?: string
}) {
  return (
    <TextField
      select
      size="small"
      label={p.label}
      value={p.on ? 'on' : 'off'}
      onChange={(e) => p.set(e.target.value === 'on')}
      sx={{ width: p.width }}
      data-testid={p.testId}
    >
      <MenuItem value="off">{p.off}</MenuItem>
      <MenuItem value="on">{p.onText}</MenuItem>
    </TextField>
  )
}

/** Import a results CSV, check the sample ratio, read the effects with their intervals and the verdict. */
export function AnalysisView({
  experiments,
  edtech = true
}: {
  experiments: string[]
  /** The EdTech sample's revenue is in tokens; an imported dataset's in its own currency. */
  edtech?: boolean
}) {
  const { client } = usePriceLab()
  const [picked, setExperiment] = useState<string>('')
  // A plan of another dataset (picked before a switch of the app's dataset) is not this page's to read.
  const experiment = experiments.includes(picked) ? picked : ''
  const [bootstrap, setBootstrap] = useState(true)
  const [allowMismatch, setAllowMismatch] = useState(false)
  const [sequential, setSequential] = useState(false)
  const [result, setResult] = useState<(Analysis & { rows: number }) | null>(null)
  const [error, setError] = useState<{ message: string; issues: string[] } | null>(null)
  // The file and choices the shown analysis was made with: a changed choice marks it stale until re-read.
  const lastFile = useRef<File | null>(null)
  const [ranWith, setRanWith] = useState<Record<string, unknown> | undefined>(undefined)
  const [failed, setFailed] = useState(false)
  const choices = { experiment, bootstrap, sequential, allowMismatch: experiment ? allowMismatch : null }
  const analyze = async (file: File) => {
    setError(null)
    lastFile.current = file
    const used = { ...choices, file: file.name }
    try {
      const staged = await client.stageFile(file)
      setResult(
        await client.call('experiments:analyze', {
          fileId: staged.fileId,
          experiment: experiment || undefined,
          bootstrap: bootstrap ? 2000 : 0,
          allowMismatch: experiment ? allowMismatch : undefined,
          sequential
        })
      )
      setRanWith(used)
      setFailed(false)
    } catch (e) {
      setFailed(true)
      const issues =
        e instanceof ApiError
          ? (e.body.issues ?? []).map((i) => `${i.file}:${i.line}:${i.column} ${i.message}`)
          : []
      setError({ message: (e as Error).message, issues })
    }
  }
  return (
    <Stack spacing={2}>
      <AnalysisChoices
        {...{ experiments, experiment, setExperiment, bootstrap, setBootstrap, sequential, setSequential }}
        {...{ allowMismatch, setAllowMismatch }}
        onFile={(file) => void analyze(file)}
      />
      {error && <AnalysisError error={error} />}
      {result && (
        <StaleNotice
          computedWith={ranWith}
          current={{ ...choices, file: ranWith?.file }}
          failed={failed}
          onRerun={() => lastFile.current && void analyze(lastFile.current)}
          rerunLabel="Analyze again"
          testId="analysis-stale"
        >
          <AnalysisResults result={result} edtech={edtech} />
        </StaleNotice>
      )}
    </Stack>
  )
}

/** The analysis' choices: the plan, the revenue interval, the reading, the mismatch policy; and the file to read. */
function AnalysisChoices(p: {
  experiments: string[]
  experiment: string
  setExperiment: (x: string) => void
  bootstrap: boolean
  setBootstrap: (on: boolean) => void
  sequential: boolean
  setSequential: (on: boolean) => void
  allowMismatch: boolean
  setAllowMismatch: (on: boolean) => void
  onFile: (file: File) => void
}) {
  const { experiments, experiment, setExperiment, bootstrap, setBootstrap, sequential, setSequential } = p
  const { allowMismatch, setAllowMismatch, onFile } = p
  return (
    <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
      <TextField
        select
        size="small"
        label="Plan"
        value={experiment}
        onChange={(e) => setExperiment(e.target.value)}
        sx={{ width: 260 }}
      >
        <MenuItem value="">No plan (arms as in the file)</MenuItem>
        {experiments.map((x) => (
          <MenuItem key={x} value={x}>
            {x}
          </MenuItem>
        ))}
      </TextField>
      <Toggle
        label="Revenue interval"
        on={bootstrap}
        set={setBootstrap}
        off="Welch t"
        onText="Welch t and bootstrap"
        width={220}
      />
      <Toggle
        label="Reading"
        on={sequential}
        set={setSequential}
        off="Once, at the planned end"
        onText="Sequential (valid at any look)"
        width={240}
        testId="reading"
      />
      {experiment && (
        <Toggle
          label="Rows not matching the plan"
          on={allowMismatch}
          set={setAllowMismatch}
          off="Refuse above 1% of rows"
          onText="Analyse the matching rows anyway"
          width={260}
          testId="mismatch-policy"
        />
      )}
      <ResultsFile onFile={onFile} />
    </Box>
  )
}

/** A refused results file: the reason, and the first located issues (file:line:column). */
function AnalysisError({ error }: { error: { message: string; issues: string[] } }) {
  return (
    <Alert severity="error">
      {error.message}
      {error.issues.length > 1 && (
        <ul style={{ margin: 0 }}>
          {error.issues.slice(1, 10).map((i) => (
            <li key={i}>{i}</li>
          ))}
        </ul>
      )}
    </Alert>
  )
}

/** The button that picks a results CSV (a hidden file input), with the columns it needs. */
function ResultsFile({ onFile }: { onFile: (file: File) => void }) {
  const input = useRef<HTMLInputElement>(null)
  return (
    <>
      <Button variant="contained" onClick={() => input.current?.click()}>
        Analyze a results CSV…
      </Button>
      <HiddenFileInput
        ref={input}
        accept=".csv,text/csv"
        testId="results-file"
        onFile={(file) => {
          if (file) onFile(file)
        }}
      />
      <Typography variant="caption" color="text.secondary">
        Columns: unit, arm, exposures, conversions, revenue (optionally price, cluster, pre_revenue).
      </Typography>
    </>
  )
}
