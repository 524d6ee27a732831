/** The name of corpus file `file` without folders and extension: the title of last resort. */
export function fileStem (file: string): string {
  const name = file.slice(file.lastIndexOf('/') + 1)
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(0, dot) : name
}
