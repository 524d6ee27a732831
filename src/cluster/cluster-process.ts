import { spawn } from 'node:child_process'
import { readFile, rm } from 'node:fs/promises'
import { connect } from 'node:net'
import { join } from 'node:path'
import { createError } from '../errors.js'
import { isProcessAlive } from '../threads/process-alive.js'
import { allNodes, type ClusterNode, type ClusterTopology, configPath } from './cluster-config.js'

/** How long a node may take to start answering or to stop. */
const WAIT_MS = 20_000

/** The pid of a node's running searchd, from its pid file; undefined when it is not running. */
export async function runningPid (node: ClusterNode): Promise<number | undefined> {
  let pid: number
  try {
    pid = Number.parseInt(await readFile(join(node.dir, 'searchd.pid'), 'utf8'), 10)
  } catch {
    return undefined
  }
  return Number.isInteger(pid) && pid > 0 && isProcessAlive(pid) ? pid : undefined
}

/**
 * Starts a node's searchd (the one on PATH, or `searchdPath`) unless it runs already, and
 * waits until its SphinxQL port answers. searchd puts itself in the background once its
 * indexes are loaded.
 */
export async function startNode (node: ClusterNode, searchdPath = 'searchd'): Promise<void> {
  if (await runningPid(node) !== undefined) return
  const output: string[] = []
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(searchdPath, ['--config', configPath(node)], { stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()))
    child.on('error', error => {
      reject((error as NodeJS.ErrnoException).code === 'ENOENT'
        ? createError('CLUSTER_ERROR', `${searchdPath} is not installed; install Manticore Search or Sphinx (apt-get install sphinxsearch)`)
        : error)
    })
    child.on('exit', resolve)
  })
  const lines = output.join('').split('\n').filter(line => /FATAL|ERROR/i.test(line))
  if (code !== 0) throw createError('CLUSTER_ERROR', `searchd of ${node.name} did not start (exit ${code}): ${lines.join('; ') || 'see ' + join(node.dir, 'searchd.log')}`)
  await waitFor(() => portOpen(node.host, node.sqlPort), `${node.name} to answer on ${node.host}:${node.sqlPort}`)
}

/** Stops a node's searchd (SIGTERM, then SIGKILL after WAIT_MS) and waits until it is gone. */
export async function stopNode (node: ClusterNode): Promise<boolean> {
  const pid = await runningPid(node)
  if (pid === undefined) return false
  process.kill(pid, 'SIGTERM')
  try {
    await waitFor(async () => !isProcessAlive(pid), `${node.name} (pid ${pid}) to stop`)
  } catch {
    process.kill(pid, 'SIGKILL')
    await waitFor(async () => !isProcessAlive(pid), `${node.name} (pid ${pid}) to be killed`)
  }
  await rm(join(node.dir, 'searchd.pid'), { force: true })
  return true
}

/** Starts every node, shards first and the head last; when one fails, stops those it started. */
export async function startCluster (topology: ClusterTopology, searchdPath?: string): Promise<void> {
  const started: ClusterNode[] = []
  try {
    for (const node of [...topology.shards.flat(), topology.head]) {
      if (await runningPid(node) !== undefined) continue
      await startNode(node, searchdPath)
      started.push(node)
    }
  } catch (error) {
    for (const node of started) await stopNode(node)
    throw error
  }
}

/** Stops every node; returns the names of those that were running. */
export async function stopCluster (topology: ClusterTopology): Promise<string[]> {
  const stopped: string[] = []
  for (const node of allNodes(topology)) if (await stopNode(node)) stopped.push(node.name)
  return stopped
}

/** True when something accepts TCP connections on host:port. */
export function portOpen (host: string, port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = connect({ host, port })
    socket.setTimeout(1000)
    const done = (open: boolean): void => {
      socket.destroy()
      resolve(open)
    }
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
    socket.once('timeout', () => done(false))
  })
}

async function waitFor (check: () => Promise<boolean>, what: string): Promise<void> {
  const until = Date.now() + WAIT_MS
  while (!(await check())) {
    if (Date.now() > until) throw createError('CLUSTER_ERROR', `gave up waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}
