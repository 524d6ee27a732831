import type { WordUses } from '../searcher/backend.js'
import type { ClusterConnection } from './cluster-connection.js'
import { sqlString } from './cluster-schema.js'
import { NAMES_INDEX, readVocabularyRows, replaceVocabulary, VOCABULARY_INDEX, vocabularyId, vocabularyRow, vocabularyUsesStatement } from './cluster-vocabulary.js'

/** Vocabulary rows (or ids) per statement. */
const VOCABULARY_BATCH = 2000

/**
 * Brings the head's vocabulary and names in step with a reindex: in a rebuild the
 * vocabulary is written anew from `counts`; otherwise `counts` are changes (the words of
 * the articles written, less those of the articles that left), added to what the head
 * holds, and a word no article holds any more is deleted. Names of new authors and
 * sources are added (a name no article uses any more stays: it is only ever looked up).
 */
export async function writeHeadIndexes (connection: ClusterConnection, { counts, names, full }: { counts: ReadonlyMap<string, WordUses>, names: ReadonlyMap<string, string>, full: boolean }): Promise<void> {
  const { head } = connection
  if (full) await head.query(`TRUNCATE RTINDEX ${VOCABULARY_INDEX}`)
  const words = [...counts.keys()].filter(word => full || counts.get(word)!.all !== 0 || counts.get(word)!.whole !== 0)
  for (let i = 0; i < words.length; i += VOCABULARY_BATCH) {
    const chunk = words.slice(i, i + VOCABULARY_BATCH)
    const current = full ? new Map<string, WordUses>() : readVocabularyRows((await head.batch([vocabularyUsesStatement(chunk)]))[0]!)
    const rows: string[] = []
    const gone: string[] = []
    for (const word of chunk) {
      const change = counts.get(word)!
      const before = current.get(word) ?? { whole: 0, all: 0 }
      const uses = { whole: before.whole + change.whole, all: before.all + change.all }
      if (uses.all > 0) rows.push(vocabularyRow(word, uses))
      else if (current.has(word)) gone.push(vocabularyId(word))
    }
    if (rows.length > 0) await head.query(replaceVocabulary(rows))
    if (gone.length > 0) await head.query(`DELETE FROM ${VOCABULARY_INDEX} WHERE id IN (${gone.join(',')})`)
  }
  const entries = [...names]
  for (let i = 0; i < entries.length; i += VOCABULARY_BATCH) {
    const rows = entries.slice(i, i + VOCABULARY_BATCH).map(([key, name]) => `(${key}, '', ${sqlString(name)})`)
    await head.query(`REPLACE INTO ${NAMES_INDEX} (id, kind, value) VALUES ${rows.join(',')}`)
  }
}
