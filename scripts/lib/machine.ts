/**
 * The machine and its load, said the same way under every table: on a shared machine a
 * figure means little without the load it was measured at.
 */
import { cpus, loadavg } from 'node:os'

export interface Machine {
  cores: number
  cpu: string
  node: string
  /** 1, 5 and 15 minute load averages when the run started. */
  loadAverageAtStart: number[]
}

/** The machine now: call it when a run starts. */
export function machineAtStart (): Machine {
  return { cores: cpus().length, cpu: cpus()[0]?.model.trim() ?? '?', node: process.version, loadAverageAtStart: loadavg() }
}

const loads = (values: readonly number[]): string => values.map(value => value.toFixed(2)).join(' / ')

/** `Machine: 2 cores, …, Node v20…; load average … at the start, … at the end (1 / 5 / 15 min).` */
export function machineLine (machine: Machine, end: readonly number[] = loadavg()): string {
  return `Machine: ${machine.cores} cores, ${machine.cpu}, Node ${machine.node}; load average ${loads(machine.loadAverageAtStart)} at the start, ${loads(end)} at the end (1 / 5 / 15 min).`
}
