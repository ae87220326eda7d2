import { describe, expect, it } from 'vitest'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import type { FunctionComponent, ReactNode } from 'react'
import { ApiError } from '../../src/shared/api'
import { jobStatusOf } from '../../src/renderer/src/components/job-status'

// The renderer's .tsx is type-checked by tsconfig.web.json (DOM, JSX); this node-side test loads it at run time.
const CARD = '../../src/renderer/src/components/JobCard.tsx'
type JobView = { running: boolean; percent: number; message: string; error: Error | null; cancel(): void }
const { JobAlert, JobCard } = (await import(/* @vite-ignore */ CARD)) as {
  JobAlert: FunctionComponent<{ error: Error | string | null }>
  JobCard: FunctionComponent<{ job: JobView; error?: Error | string | null; children?: ReactNode }>
}

const idle = { running: false, percent: 0, message: '', error: null, cancel: () => undefined }

describe('how a job ended (issue 16: cancelled is neutral; issue 18: one card for every page)', () => {
  it('a cancel is neutral, a failure is red with the contract code', () => {
    expect(jobStatusOf(new ApiError({ code: 'cancelled', message: 'elasticity run cancelled' }))).toEqual({
      severity: 'info',
      code: null,
      message: 'Elasticity run cancelled.'
    })
    expect(
      jobStatusOf(new ApiError({ code: 'invalid_input', message: 'Seed must be a whole number' }))
    ).toEqual({
      severity: 'error',
      code: 'invalid_input',
      message: 'Seed must be a whole number'
    })
    // A re-attached job that failed carries its message only; a page's own message is a string.
    expect(jobStatusOf(new Error('worker crashed'))).toEqual({
      severity: 'error',
      code: null,
      message: 'worker crashed'
    })
    expect(jobStatusOf('The run failed: pricing failed')?.severity).toBe('error')
    expect(jobStatusOf(null)).toBeNull()
    expect(jobStatusOf('')).toBeNull()
  })

  it('renders a cancel as an info alert and a failure as an error alert showing its code', () => {
    const cancelled = renderToStaticMarkup(
      createElement(JobAlert, { error: new ApiError({ code: 'cancelled', message: 'cancelled' }) })
    )
    expect(cancelled).toContain('data-testid="job-cancelled"')
    expect(cancelled).toMatch(/MuiAlert-standardInfo|MuiAlert-colorInfo/)
    expect(cancelled).not.toMatch(/colorError/)
    const failed = renderToStaticMarkup(
      createElement(JobAlert, { error: new ApiError({ code: 'not_found', message: 'no run 7' }) })
    )
    expect(failed).toContain('data-testid="job-error"')
    expect(failed).toMatch(/MuiAlert-colorError|MuiAlert-standardError/)
    expect(failed).toContain('no run 7')
    expect(failed).toContain('(not_found)')
    expect(renderToStaticMarkup(createElement(JobAlert, { error: null }))).toBe('')
  })

  it('shows progress and cancel only while the job runs; the page error wins over the job error', () => {
    const controls = createElement('button', null, 'Train models')
    const still = renderToStaticMarkup(createElement(JobCard, { job: idle }, controls))
    expect(still).toContain('Train models')
    expect(still).not.toContain('job-progress')
    const running = renderToStaticMarkup(
      createElement(
        JobCard,
        { job: { ...idle, running: true, percent: 42, message: 'Training GBM' } },
        controls
      )
    )
    expect(running).toContain('data-testid="job-progress"')
    expect(running).toContain('Training GBM · 42%')
    expect(running).toContain('Cancel')
    const both = renderToStaticMarkup(
      createElement(
        JobCard,
        {
          job: { ...idle, error: new ApiError({ code: 'cancelled', message: 'run cancelled' }) },
          error: 'export failed'
        },
        controls
      )
    )
    expect(both).toContain('export failed')
    expect(both.toLowerCase()).not.toContain('run cancelled')
  })
})
