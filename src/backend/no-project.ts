import { DomainError } from '../shared/domain-error'

/** The error of a call that needs an open project when none is open. */
export class NoProjectError extends DomainError {
  constructor() {
    super('no_project', 'no project is open: create or open a project first')
    this.name = 'NoProjectError'
  }
}
