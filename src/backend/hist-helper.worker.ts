import { parentPort, workerData } from 'node:worker_threads'
import type { HelperLayout } from '../core/ml/hist-threads'
import { serveArena, treeKernels } from '../core/ml/kernels'
import { runAtNice } from './thread-priority'

// The histogram helper of one fitting thread (hist-helper.ts): each message is a boosting fit's shared
// memory; the thread serves that fit's chunks (histograms, partitions, leaf updates) until the fit closes, then takes the next message.
// Below its fitting thread's priority (HELPER_NICE_STEP, see thread-priority.ts): it takes an idle core and
// yields it to any other work, so on a busy machine the fit runs mostly alone (and stops waiting on a helper
// that lags: hist-threads.ts) instead of time-slicing one core between its two threads.
runAtNice((workerData as { nice?: number } | null)?.nice ?? 0)
parentPort?.on('message', (m: { memory: object; layout: HelperLayout }) => serveArena(m.memory, m.layout))
// The kernels compiled before the first fit arrives.
treeKernels()
parentPort?.postMessage('ready')
