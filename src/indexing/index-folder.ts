/*
 * The layout of an index folder: `manifest.json`, and a segment's two files under
 * `segments/`. Saving (index-save.ts) and loading (index-load.ts) both read it from here.
 */

/** The index's manifest: what the folder holds; replaced by a rename at every save. */
export const MANIFEST_FILE = 'manifest.json'

/** The folder, inside an index folder, of the segment files. */
export const SEGMENTS = 'segments'

/** The two files of segment `name`: its arrays and its text. */
export function segmentFiles (name: string): string[] {
  return [`${name}.zix`, `${name}.ztx`]
}
