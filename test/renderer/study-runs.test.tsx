// @vitest-environment jsdom
// The Overview's runs table names the best model as people know it ("Polynomial (3)"), not by its id (issue 28).
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen } from '@testing-library/react'
import type { PipelineRun } from '../../src/shared/study/results'
import { StudyRuns } from '../../src/renderer/src/pages/overview/StudyRuns'

afterEach(cleanup)

const run = (id: number, best: string | null): PipelineRun =>
  ({
    run_id: id,
    name: `study ${id}`,
    status: 'ok',
    config: {},
    stages: [],
    metrics: { best_model: best, test_r2: 0.9, auc: {}, uplift_pct: 0.05 },
    report_dir: null,
    error: null,
    started_at: '2026-01-01T10:00:00Z',
    finished_at: '2026-01-01T10:01:00Z'
  }) as unknown as PipelineRun

describe('the study runs table', () => {
  it('shows model names, not ids', () => {
    render(<StudyRuns runs={[run(2, 'poly3'), run(1, 'gbm')]} onReport={() => {}} />)
    expect(screen.getByText('Polynomial (3)')).toBeTruthy()
    expect(screen.getByText('Gradient boosting')).toBeTruthy()
    expect(screen.queryByText('poly3')).toBeNull()
  })
})
