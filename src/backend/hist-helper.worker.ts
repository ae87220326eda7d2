import { parentPort, workerData } from 'node:worker_threads'
import type { HelperLayout } from '../core/ml/hist-threads'
import { serveArena, treeKernels } from '../core/ml/kernels'
import { runAtNice } from './thread-priority'

// The histogram helper of one fitting thread (hist-helper.ts): each message is a boosting fit's shared
// memory; the thread serves that fit's chunks (histograms, partitions, leaf updates) until the fit closes, then takes the next message.
// At its fitting thread's priority (background in a training worker): a helper below it made the fitting
// thread wait on it whenever another process took the helper's core.
runAtNice((workerData as { nice?: number } | null)?.nice ?? 0)
parentPort?.on('message', (m: { memory: object; layout: HelperLayout }) => serveArena(m.memory, m.layout))
// The kernels compiled before the first fit arrives.
treeKernels()
parentPort?.postMessage('ready')
