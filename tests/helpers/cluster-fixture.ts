import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ClusterConnection, type ClusterTopology, allNodes, engineAddress, runningPid, startCluster, stopCluster, writeClusterConfig } from '../../src/internal.js'
import { portOpen } from '../../src/cluster/cluster-process.js'
import { trackDaemonFolder, untrackDaemonFolder } from './test-processes.js'

/** Why the cluster tests cannot run here, or undefined when searchd is on PATH. */
export const clusterSkipReason: string | undefined = (() => {
  try {
    execFileSync('searchd', ['--help'], { stdio: 'ignore' })
    return undefined
  } catch (error) {
    // searchd --help exits 1 after printing its usage; only a missing binary is fatal.
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'searchd is not installed (apt-get install sphinxsearch); the cluster tests are skipped' : undefined
  }
})()

export interface TestCluster {
  topology: ClusterTopology
  address: string
  dir: string
  /** Stops every node and deletes the folder; checks that no searchd is left. */
  stop (): Promise<void>
}

/** Writes, starts and publishes a cluster on free loopback ports in a temporary folder. */
export async function startTestCluster (options: { shards: number, replicas: number }): Promise<TestCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'zhsearch-cluster-'))
  // Recorded before any node starts: should this test stop half-way (a hook that times out
  // while the cluster starts), the run's teardown stops its nodes.
  trackDaemonFolder(dir, `a test cluster (${options.shards} shards × ${options.replicas} replicas)`)
  // A port nothing accepts on may still be bound (a connection of another test, the browser's,
  // has it as its local port) and searchd then cannot listen on it: a start that fails is
  // tried again on other ports (a CI run of 2026-12-07 waited 20 s for such a node).
  for (let attempt = 1; ; attempt++) {
    const topology = await writeClusterConfig({ dir, shards: options.shards, replicas: options.replicas, basePort: await freeBasePort(1 + 2 * options.shards * options.replicas) })
    try {
      await startCluster(topology)
      await ClusterConnection.publishTopology(topology)
      return testCluster(topology, dir)
    } catch (error) {
      await stopCluster(topology)
      if (attempt === 3) throw error
    }
  }
}

/**
 * A first port of `count` in a row that nothing accepts on, below Linux's ephemeral range
 * (32768 and up by default), where outgoing connections take their local ports.
 */
async function freeBasePort (count: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const candidate = 20_000 + Math.floor(Math.random() * (12_000 - count))
    const taken = await Promise.all(Array.from({ length: count }, (_, i) => portOpen('127.0.0.1', candidate + i)))
    if (!taken.includes(true)) return candidate
  }
  throw new Error(`no ${count} free loopback ports in a row between 20000 and 32000`)
}

function testCluster (topology: ClusterTopology, dir: string): TestCluster {
  return {
    topology,
    address: engineAddress(topology),
    dir,
    async stop () {
      await stopCluster(topology)
      for (const node of allNodes(topology)) {
        if (await runningPid(node) !== undefined) throw new Error(`searchd of ${node.name} is still running`)
      }
      untrackDaemonFolder(dir)
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/**
 * The teardown of a cluster test: its searcher closed, its cluster stopped (checking no
 * searchd is left), its corpus folder removed; whatever of them the setup got to.
 */
export async function tearDownCluster (parts: { searcher?: { close (): Promise<void> } | undefined, cluster?: TestCluster | undefined, corpusDir?: string | undefined }): Promise<void> {
  await parts.searcher?.close()
  await parts.cluster?.stop()
  if (parts.corpusDir !== undefined) await rm(parts.corpusDir, { recursive: true, force: true })
}
