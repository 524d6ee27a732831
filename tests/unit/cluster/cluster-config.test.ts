import { describe, expect, it } from 'vitest'
import { detectEngineKind, headConfig, planCluster, shardConfig } from '../../../src/cluster/cluster-config.js'
import { clusterSkipReason } from '../../helpers/cluster-fixture.js'
import { parseEngineAddress } from '../../../src/cluster/sphinxql-client.js'

describe('planCluster', () => {
  it('puts the head on the base port and one port per replica after it', () => {
    const topology = planCluster({ dir: '/tmp/c', shards: 2, replicas: 2, basePort: 9306 })
    expect(topology.head).toMatchObject({ sqlPort: 9306, dir: '/tmp/c/head' })
    expect(topology.shards.map(replicas => replicas.map(node => [node.name, node.sqlPort]))).toEqual([
      [['shard0-replica0', 9307], ['shard0-replica1', 9308]],
      [['shard1-replica0', 9309], ['shard1-replica1', 9310]],
    ])
  })

  it('refuses impossible layouts with the option named', () => {
    expect(() => planCluster({ dir: 'c', shards: 0 })).toThrow(/--shards/)
    expect(() => planCluster({ dir: 'c', shards: 2, replicas: 9 })).toThrow(/--replicas/)
    expect(() => planCluster({ dir: 'c', shards: 64, replicas: 8, basePort: 65100 })).toThrow(/--base-port/)
  })
})

describe('the searchd configs', () => {
  const topology = planCluster({ dir: '/tmp/c', shards: 2, replicas: 2, basePort: 9306 })

  it('give shards an RT index of tokens zhsearch wrote, nothing re-split, and the thread pool Sphinx 2.2 needs', () => {
    const config = shardConfig(topology.shards[0]![0]!, 'sphinx2')
    expect(config).toContain('type = rt')
    expect(config).toContain('charset_table = 0..9, a..z')
    for (const field of ['title_words', 'title_uni', 'title_bi', 'body_words', 'body_bi']) expect(config).toContain(`rt_field = ${field}`)
    expect(config).toContain('listen = 127.0.0.1:9307:mysql41')
    expect(config).toContain('workers = threads')
    expect(config).not.toContain('ngram')
    expect(config).not.toContain('agent')
  })

  it('leave out what Manticore 6 does not know', () => {
    expect(shardConfig(topology.shards[0]![0]!, 'manticore')).not.toContain('workers')
  })

  it('give the head the manifest, the vocabulary and the names, and no distributed index (searches ask the shards)', () => {
    const config = headConfig(topology)
    for (const index of ['zhsearch_meta', 'zhsearch_vocabulary', 'zhsearch_names', 'zhsearch_files']) expect(config).toContain(`index ${index}`)
    expect(config).not.toContain('type = distributed')
    expect(config).toContain('listen = 127.0.0.1:9306:mysql41')
  })
})

describe('detectEngineKind', () => {
  it.skipIf(clusterSkipReason !== undefined)('names the searchd on PATH (Debian\'s sphinxsearch here)', async () => {
    expect(await detectEngineKind()).toBe('sphinx2')
  })

  it('writes for Manticore 6 when there is no searchd to ask', async () => {
    expect(await detectEngineKind('/nonexistent/searchd')).toBe('manticore')
  })
})

describe('parseEngineAddress', () => {
  it('reads sphinxql://HOST:PORT and refuses anything else', () => {
    expect(parseEngineAddress('sphinxql://10.0.0.5:9306')).toEqual({ host: '10.0.0.5', port: 9306 })
    expect(parseEngineAddress('sphinxql://search.local')).toEqual({ host: 'search.local', port: 9306 })
    expect(() => parseEngineAddress('mysql://x:1')).toThrow(/sphinxql:\/\/HOST:PORT/)
    expect(() => parseEngineAddress('sphinxql://x:99999')).toThrow(/port/)
  })
})
