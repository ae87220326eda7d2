import { parentPort } from 'node:worker_threads'
import { expose } from 'comlink'
import nodeEndpoint from 'comlink/dist/umd/node-adapter'
import { trainingApi } from './training-api'

// A training worker: one task at a time; a crash or an out-of-memory ends only this thread.
if (parentPort) expose(trainingApi, nodeEndpoint(parentPort))
