import { parentPort, workerData } from 'node:worker_threads'
import { expose } from 'comlink'
import nodeEndpoint from 'comlink/dist/umd/node-adapter'
import { installHistogramHelper } from './hist-helper'
import { startWarmUp, trainingApi } from './training-api'
import { withDomainErrors } from './worker-errors'
import { backgroundThread } from './thread-priority'
import { firstWorkOf } from './worker-script'

// A training worker: one task at a time; a crash or an out-of-memory ends only this thread.
// A user error crosses back as a DomainError (its code and message), not as a crash.
// Boosting fits run their large histograms, partitions and leaf updates on two threads where the machine has two
// cores (hist-helper.ts).
// Training yields the cores to the main thread whenever it has work (thread-priority.ts).
backgroundThread()
installHistogramHelper()
// The first fit in a fresh worker as fast as a later one: compile the tree learner while idle (hist-helper.ts);
// skipped when a task's fit starts first (the pool starts a worker for a task: then the task compiles it).
// A thread whose first work is pricing (the digest, the corner curve) fits no trees: no warm-up then, and none
// at all when it was started for pricing (the CLI's optimize): its digest read would wait behind the warm-up.
startWarmUp(firstWorkOf(workerData))
if (parentPort) expose(withDomainErrors(trainingApi), nodeEndpoint(parentPort))
