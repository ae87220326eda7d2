/** The error of a call that needs an open project when none is open. */
export class NoProjectError extends Error {
  constructor() {
    super('no project is open: create or open a project first')
    this.name = 'NoProjectError'
  }
}
