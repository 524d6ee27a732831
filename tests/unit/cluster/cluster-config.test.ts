import { describe, expect, it } from 'vitest'
import { headConfig, planCluster, shardConfig } from '../../../src/cluster/cluster-config.js'
import { parseEngineAddress } from '../../../src/cluster/sphinxql-client.js'

describe('planCluster', () => {
  it('puts the head on the base port and two ports per replica after it', () => {
    const topology = planCluster({ dir: '/tmp/c', shards: 2, replicas: 2, basePort: 9306 })
    expect(topology.head).toMatchObject({ sqlPort: 9306, dir: '/tmp/c/head' })
    expect(topology.shards.map(replicas => replicas.map(node => [node.name, node.sqlPort, node.apiPort]))).toEqual([
      [['shard0-replica0', 9307, 9308], ['shard0-replica1', 9309, 9310]],
      [['shard1-replica0', 9311, 9312], ['shard1-replica1', 9313, 9314]],
    ])
  })

  it('refuses impossible layouts with the option named', () => {
    expect(() => planCluster({ dir: 'c', shards: 0 })).toThrow(/--shards/)
    expect(() => planCluster({ dir: 'c', shards: 2, replicas: 9 })).toThrow(/--replicas/)
    expect(() => planCluster({ dir: 'c', shards: 64, replicas: 8, basePort: 65000 })).toThrow(/--base-port/)
  })
})

describe('the searchd configs', () => {
  const topology = planCluster({ dir: '/tmp/c', shards: 2, replicas: 2, basePort: 9306 })

  it('give shards an RT index of hashed tokens, nothing re-split', () => {
    const config = shardConfig(topology.shards[0]![0]!)
    expect(config).toContain('type = rt')
    expect(config).toContain('charset_table = 0..9, a..z')
    expect(config).toContain('rt_field = title_words')
    expect(config).toContain('rt_field = body_pairs')
    expect(config).toContain('listen = 127.0.0.1:9307:mysql41')
    expect(config).toContain('listen = 127.0.0.1:9308\n')
    expect(config).not.toContain('ngram')
  })

  it('give the head one agent per shard with its replicas as mirrors', () => {
    const config = headConfig(topology)
    expect(config).toContain('agent = 127.0.0.1:9308:shard|127.0.0.1:9310:shard')
    expect(config).toContain('agent = 127.0.0.1:9312:shard|127.0.0.1:9314:shard')
    expect(config).toContain('ha_strategy = nodeads')
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
