/**
 * What a format reader returns for one file. Readers get decoded text and the
 * file's corpus-relative path; they never touch the file system.
 */
import type { Article, IngestProblem } from '../../types.js'

/** The articles read from one file and the problems met on the way. */
export interface FormatResult {
  articles: Article[]
  problems: IngestProblem[]
}

/** A format reader: decoded text (line ends `\n`) of corpus file `file` → articles and problems. */
export type FormatReader = (text: string, file: string) => FormatResult
