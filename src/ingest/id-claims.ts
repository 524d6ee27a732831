import type { Article, ArticleOrigin, IngestProblem } from '../types.js'

/** Where an id was first used: an article of a file read now, or a file remembered whole. */
type Place = ArticleOrigin | { file: string }

/**
 * The rule that an article id belongs to the first article that uses it, in corpus order
 * (files by path, then articles in their file): a later one is skipped with a
 * DUPLICATE_ID problem naming both places. One claims table serves a file read alone, a
 * whole corpus read (readCorpus) and an incremental reindex (diffCorpus), so all three
 * keep the same article.
 */
export class IdClaims {
  private readonly owners = new Map<string, Place>()

  /** The place that holds `id`, if any. */
  ownerOf (id: string): Place | undefined {
    return this.owners.get(id)
  }

  /** Claims ids remembered from a file that is not read again (an unchanged corpus file). */
  claimKnown (ids: Iterable<string>, file: string): void {
    for (const id of ids) if (!this.owners.has(id)) this.owners.set(id, { file })
  }

  /**
   * The articles whose id nobody holds yet, claiming their ids; for every other one a
   * DUPLICATE_ID problem is added to `problems`. Ingest gives every article its origin.
   */
  keep (articles: readonly Article[], problems: IngestProblem[]): Article[] {
    return articles.filter(article => {
      const origin = article.origin!
      const first = this.owners.get(article.id)
      if (first === undefined) {
        this.owners.set(article.id, origin)
        return true
      }
      problems.push({
        file: origin.file,
        ...(origin.line === undefined ? {} : { line: origin.line }),
        code: 'DUPLICATE_ID',
        message: `article id ${JSON.stringify(article.id)} is already used by ${describePlace(first)}; ` +
          `${describePlace(origin)} was skipped; give one of them another id`,
      })
      return false
    })
  }
}

function describePlace (place: Place): string {
  if (!('ordinal' in place)) return place.file
  const where = place.line === undefined ? `article ${place.ordinal}` : `line ${place.line}`
  return `${place.file} (${where})`
}
