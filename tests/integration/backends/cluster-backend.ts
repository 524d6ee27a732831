import { ClusterSearcher, reindexCluster } from '../../../src/internal.js'
import { clusterSkipReason, startTestCluster } from '../../helpers/cluster-fixture.js'
import type { BackendEntry, CaseSearcher } from './backends.js'
import type { TestCorpus } from './test-corpora.js'

/**
 * The corpus reindexed into a cluster of its own (2 shards × 2 replicas of searchd on free
 * loopback ports, as `zhsearch cluster init/start` and `zhsearch reindex --engine` make
 * it), searched through ClusterSearcher with the corpus's synonyms. Closing it closes the
 * searcher and stops every node (also when opening failed half-way).
 */
async function openCluster (corpus: TestCorpus): Promise<CaseSearcher> {
  const cluster = await startTestCluster({ shards: 2, replicas: 2 })
  let searcher: ClusterSearcher | undefined
  try {
    await reindexCluster({ corpusDir: corpus.corpusDir, engine: cluster.address })
    searcher = await ClusterSearcher.connect(cluster.address)
    await searcher.loadSynonyms(corpus.synonymsFile)
  } catch (error) {
    await searcher?.close()
    await cluster.stop()
    throw error
  }
  const opened = searcher
  return {
    search: request => opened.search(request),
    suggest: (prefix, limit) => opened.suggest(prefix, limit),
    async close () {
      try {
        await opened.close()
      } finally {
        await cluster.stop()
      }
    },
  }
}

export const CLUSTER_BACKEND: BackendEntry = {
  name: 'ClusterSearcher (2 shards × 2 replicas of searchd)',
  skipReason: clusterSkipReason,
  open: openCluster,
}
