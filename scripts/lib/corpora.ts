/**
 * Left for scripts/bench-cluster.ts, which another change is rewriting: the table printer
 * is lib/table.ts's. Remove this file once bench-cluster.ts imports lib/table.ts.
 */
export { printTable } from './table.js'
