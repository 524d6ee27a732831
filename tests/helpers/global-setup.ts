import { sweepRecordedProcesses } from './test-processes.js'

/*
 * vitest's globalSetup for `npm test` and `npm run test:reliability` (issue 20, item 10):
 * before the run, stops what an earlier run left recorded (a run killed half-way); after it,
 * stops whatever a test started and did not stop, and fails the run naming it. See
 * test-processes.ts for what is recorded.
 */
export function setup (): void {
  const left = sweepRecordedProcesses()
  if (left.length > 0) console.warn(`zhsearch tests: stopped ${left.length} process(es) an earlier run left running: ${left.join('; ')}`)
}

export function teardown (): void {
  const left = sweepRecordedProcesses()
  if (left.length === 0) return
  // vitest reports an error thrown here but still exits 0: the exit code is set instead.
  console.error(`zhsearch tests: FAILED: the tests left ${left.length} process(es) running (now stopped): ${left.join('; ')}. Every test must stop what it starts, also when it fails.`)
  process.exitCode = 1
}
