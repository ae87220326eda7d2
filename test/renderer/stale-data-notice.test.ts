import { describe, expect, it } from 'vitest'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import type { FunctionComponent, ReactNode } from 'react'

// The renderer's .tsx is type-checked by tsconfig.web.json (DOM, JSX); this node-side test loads it at run time.
const NOTICE = '../../src/renderer/src/components/StaleNotice.tsx'
const { StaleNotice } = (await import(/* @vite-ignore */ NOTICE)) as {
  StaleNotice: FunctionComponent<{
    computedWith: unknown
    current: unknown
    dataChanged?: string
    children?: ReactNode
  }>
}

const reason =
  'propensity run 3 was trained on version 1 of the sample data, which has since been regenerated (now version 2): train the propensity again'

describe('results on data changed since (issue 29 item 9): the Propensity page says so', () => {
  it("a stale run's results are marked with the server's reason, dimmed, even when the form matches", () => {
    const html = renderToStaticMarkup(
      createElement(StaleNotice, { computedWith: { a: 1 }, current: { a: 1 }, dataChanged: reason }, 'scores')
    )
    expect(html).toContain('data-stale="data"')
    expect(html).toContain('data-stale-results="data"')
    expect(html).toContain(`These results describe data that has changed since — ${reason}.`)
  })

  it('a run on the data there is shows no banner', () => {
    const html = renderToStaticMarkup(
      createElement(StaleNotice, { computedWith: { a: 1 }, current: { a: 1 } }, 'scores')
    )
    expect(html).not.toContain('data-stale=')
    expect(html).toContain('data-stale-results="fresh"')
  })
})
