/**
 * THE API contract: every call the renderer (or the CLI, or a test) can make, its
 * input schema (validated at every boundary: IPC, HTTP) and its result type. The
 * Electron preload, the browser-mode client, the main-side handlers and the
 * browser-mode server all compile against it, so renaming a call breaks the build
 * everywhere rather than at run time. Wire message: { id, name, args }.
 *
 * One file per domain (its schemas and its calls); this index re-exports them all,
 * so `import { … } from '…/shared/api'` reaches any of them. The field schemas of common.ts
 * (jobId, seed, …) are the domain files' building blocks, not part of the contract's surface.
 */
export type { ExportedFile, StagedFile } from './common'
export * from './envelope'
export * from './transport'
export * from './calls'
export * from './project'
export * from '../data/calls'
export * from '../elasticity/calls'
export * from '../propensity/calls'
export * from '../pricing/inputs'
export * from '../pricing/calls'
export * from '../experiments/inputs'
export * from '../experiments/calls'
export * from '../study/calls'
export * from './jobs'
