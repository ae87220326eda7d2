import { parentPort } from 'node:worker_threads'
import type { HelperLayout } from '../core/ml/hist-threads'
import { serveArena } from '../core/ml/kernels'
import { warmUpBoosting } from '../core/ml/warm-up'

// The histogram helper of one fitting thread (hist-helper.ts): each message is a boosting fit's shared
// memory; the thread serves that fit's chunks (histograms, partitions, leaf updates) until the fit closes, then takes the next message.
parentPort?.on('message', (m: { memory: object; layout: HelperLayout }) => serveArena(m.memory, m.layout))
// Its kernels compiled and optimized before the first fit arrives (a small fit on this thread alone, ~0.1 s).
warmUpBoosting()
parentPort?.postMessage('ready')
