import type { BuildProgress } from '../indexing/index-writer.js'
import type { ManifestInput, SaveIndexOptions } from '../indexing/index-save.js'

/** How an engine builds the index from articles. */
export interface BuildOptions {
  /**
   * The most threads that build segments; `0` builds on the calling thread. The threads are
   * the process's own, started when first needed and shared by every engine and reindex (each
   * loads Jieba's dictionary once, about a second and 240 MB). A build of under 20,000
   * characters always runs on the calling thread (a thread would not be faster); without
   * `workers`, threads are started only for a build of 1.5 million characters or more, and
   * once running they take builds of any size above 20,000. Defaults to one per core, at
   * most four.
   */
  workers?: number | undefined
  /** Called as segments are finished. */
  onProgress?: ((progress: BuildProgress) => void) | undefined
}

/** How `save()` writes an index folder. */
export interface SaveOptions extends Partial<ManifestInput>, SaveIndexOptions {}

export type { BuildProgress, ManifestInput, SaveIndexOptions }
