// Copies the files beside the TypeScript that the built code reads at run time (tsc
// compiles only the TypeScript) from src/ to the same place under dist/: the search page's
// static files (src/server/page/, which the built server serves) and the model files of
// the segmenter (src/analysis/segment/*.utf8). Run after `tsc -p tsconfig.build.json`.
import { copyFile, mkdir, readdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const ASSETS = [
  { folder: join('server', 'page'), names: /\.(html|css|svg|ico|png|webmanifest|txt)$/ },
  { folder: join('analysis', 'segment'), names: /\.utf8$/ },
]

for (const { folder, names } of ASSETS) {
  const from = join(root, 'src', folder)
  const to = join(root, 'dist', folder)
  await mkdir(to, { recursive: true })
  const files = (await readdir(from)).filter(name => names.test(name))
  for (const name of files) await copyFile(join(from, name), join(to, name))
  process.stderr.write(`copy-assets: ${files.length} file(s) to ${to}\n`)
}
