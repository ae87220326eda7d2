import { parentPort } from 'node:worker_threads'
import { expose } from 'comlink'
import nodeEndpoint from 'comlink/dist/umd/node-adapter'
import { readerApi } from './reader-api'
import { withDomainErrors } from './worker-errors'

// A reader worker: the Data page's long reads; a cancelled read ends this thread (and its connection) only.
if (parentPort) expose(withDomainErrors(readerApi), nodeEndpoint(parentPort))
