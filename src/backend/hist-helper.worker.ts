import { parentPort } from 'node:worker_threads'
import type { HelperLayout } from '../core/ml/hist-threads'
import { serveArena } from '../core/ml/kernels'
import { backgroundThread } from './thread-priority'

// The histogram helper of one fitting thread (hist-helper.ts): each message is a boosting fit's shared
// memory; the thread serves that fit's chunks (histograms, partitions, leaf updates) until the fit closes, then takes the next message.
backgroundThread()
parentPort?.on('message', (m: { memory: object; layout: HelperLayout }) => serveArena(m.memory, m.layout))
parentPort?.postMessage('ready')
