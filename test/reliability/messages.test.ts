import { describe, expect, it } from 'vitest'
import { eventLogTables } from '../../src/core/propensity/customers/event-log'
import { eventLog } from '../core/propensity/event-log-fixture'

/** Issue 29, messages a user could not act on: each now names the flag and the fix. */
describe("messages in the user's terms", () => {
  it('a conversion outcome without --event names the flag (was: event column "undefined" has no event "nosuch")', () => {
    expect(() =>
      eventLogTables(eventLog(200, 1), {
        customer: 'user',
        time: 'ts',
        window: 30,
        outcome: { kind: 'conversion', event: 'nosuch' }
      })
    ).toThrow(/^--outcome conversion:nosuch needs --event COLUMN: the column whose values name the events/)
  })
})
