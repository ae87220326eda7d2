import type { TrainingPool } from '../training-pool'
import type { PreparedDigest } from './digest-source'

/**
 * The base digests being made ahead of pricing (after a training run; after an import in the app), one at a
 * time per dataset, on the training workers. An optimize that arrives meanwhile waits for the one running
 * rather than read the rows a second time beside it.
 */
export class DigestPreparations {
  private readonly inFlight = new Map<string, Promise<PreparedDigest | null>>()
  /** Set when the backend closes: a preparation cut short then is not a failure worth a line. */
  private closed = false

  constructor(private readonly pool: TrainingPool) {}

  /**
   * Starts (or joins) the making of a dataset's base digest. Never rejects: a digest that cannot be made is
   * the optimize call's to report (with its reason), so a failure here is only logged.
   */
  prepare(dbPath: string, dataset: string): Promise<PreparedDigest | null> {
    const k = `${dbPath}\0${dataset}`
    const running = this.inFlight.get(k)
    if (running) return running
    const made = this.pool
      .run<PreparedDigest>((api) => api.prepareDigest(dbPath, dataset), undefined, undefined, {
        timed: false
      })
      .catch((e: unknown) => {
        if (!this.closed)
          console.warn(
            `PriceLab: the pricing digest of "${dataset}" was not prepared: ${(e as Error).message}`
          )
        return null
      })
      .finally(() => this.inFlight.delete(k))
    this.inFlight.set(k, made)
    return made
  }

  /** The backend is closing (its workers end with it): preparations cut short are not reported. */
  close(): void {
    this.closed = true
  }

  /** The making of this dataset's base digest under way, if any. */
  running(dbPath: string, dataset: string): Promise<PreparedDigest | null> | undefined {
    return this.inFlight.get(`${dbPath}\0${dataset}`)
  }
}
