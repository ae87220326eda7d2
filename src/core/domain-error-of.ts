import { DomainError } from './errors'
import { CancelledError, CsvImportError } from './data/csv/errors'
import { SchemaTooNewError } from './db/migrate'
import { PanelError } from './elasticity/panel'
import { GuardrailError } from './pricing/guardrails'
import { PricingError } from './pricing/optimize'
import { ScenarioError } from './pricing/scenarios'

/**
 * The user-facing meaning of an error raised in core, or null for a bug. Error
 * classes that extend DomainError carry their own code; the older ones are mapped
 * here, in one place, for the main thread (toErrorBody) and the workers alike.
 */
export function domainErrorOf(e: unknown): DomainError | null {
  if (e instanceof DomainError) return e
  if (e instanceof CsvImportError) return new DomainError('csv_error', e.message, e.issues)
  if (e instanceof CancelledError) return new DomainError('cancelled', e.message)
  if (e instanceof SchemaTooNewError) return new DomainError('schema_too_new', e.message)
  if (
    e instanceof PanelError ||
    e instanceof GuardrailError ||
    e instanceof PricingError ||
    e instanceof ScenarioError
  )
    return new DomainError('invalid_input', e.message)
  return null
}
