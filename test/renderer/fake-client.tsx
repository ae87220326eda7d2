// A fake PriceLabClient for component tests: each API call answers from the test's handlers, every other call fails.
import type { ReactElement, ReactNode } from 'react'
import { render } from '@testing-library/react'
import type { ApiArgs, ApiName, ApiResult, ProjectInfo } from '../../src/shared/api'
import { ApiError } from '../../src/shared/api/envelope'
import { ClientProvider } from '../../src/renderer/src/api/ClientContext'
import type { PriceLabClient } from '../../src/renderer/src/api/client'
import { DatasetProvider } from '../../src/renderer/src/data/DatasetContext'
import type { ElasticitySource } from '../../src/shared/elasticity/results'

export type Handlers = { [K in ApiName]?: (args: ApiArgs<K>) => ApiResult<K> | Promise<ApiResult<K>> }

export interface FakeClient extends PriceLabClient {
  /** Every call made, in order: what the component asked the backend for. */
  calls: { name: ApiName; args: unknown }[]
}

export const PROJECT: ProjectInfo = {
  path: '/tmp/test.pricelab',
  name: 'test',
  schemaVersion: 1,
  sizeBytes: 0,
  sample: null,
  backupPath: null
}

/** A retail-like dataset as the Elasticity sources list it (brands, weeks): the forms' words come from it. */
export const SHOP: ElasticitySource = {
  id: 'shop',
  label: 'shop',
  rows: 1000,
  segment: 'brand',
  period: 'week',
  price: 'price',
  quantity: 'units',
  controls: []
}

export function fakeClient(handlers: Handlers): FakeClient {
  const calls: FakeClient['calls'] = []
  const answer = async <K extends ApiName>(name: K, args: ApiArgs<K>): Promise<ApiResult<K>> => {
    calls.push({ name, args })
    const h = (handlers as { [N in K]?: (a: ApiArgs<N>) => ApiResult<N> | Promise<ApiResult<N>> })[name]
    if (h) return h(args)
    if (name === 'project:current') return PROJECT as ApiResult<K>
    throw new ApiError({ code: 'internal', message: `the fake client has no answer for ${name}` })
  }
  return {
    mode: 'browser',
    calls,
    call: answer,
    onEvent: () => () => {},
    stageFile: () => Promise.reject(new Error('not in tests')),
    saveFile: () => Promise.resolve(),
    printPdf: () => Promise.resolve(null),
    pickProject: () => Promise.resolve(null)
  }
}

/** Renders `ui` inside the app's providers, talking to `client`. */
export function renderWithClient(ui: ReactElement, client: PriceLabClient) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <ClientProvider client={client}>
      <DatasetProvider>{children}</DatasetProvider>
    </ClientProvider>
  )
  return render(ui, { wrapper })
}
