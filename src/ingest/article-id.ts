/**
 * Article ids for sources that do not name their articles. The id depends only on
 * the file's corpus-relative path and the article's place in it, so reindexing an
 * unchanged file gives the same ids and links to `/api/documents/:id` keep working.
 */

/** The id of the `ordinal`-th (1-based) article of corpus file `file`: `<file>#<ordinal>`. */
export function articleId (file: string, ordinal: number): string {
  return `${file}#${ordinal}`
}
