/**
 * Lowercase for cased scripts (Latin, Greek, Cyrillic). Han characters have no case,
 * so this never touches Chinese text.
 */
export function foldCase (cluster: string): string {
  return cluster.toLowerCase()
}
