// Component tests wait on the page's state (findBy…, waitFor), never on time: the wait's limit is only how long a
// wait may last before the test is called failed. Testing Library's default (1 s) is a wall-clock bound that a
// loaded machine breaks, so it is set just under the test's own limit (vitest.config.mts gives a test 300 s).
export {}

// Only the jsdom files (`// @vitest-environment jsdom`) have a window and load Testing Library.
if ('window' in globalThis) {
  const { configure } = await import('@testing-library/react')
  configure({ asyncUtilTimeout: 50_000 })
}
