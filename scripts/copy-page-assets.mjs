// Copies the search page's static files (everything but the TypeScript, which tsc
// compiles) from src/server/page/ to dist/server/page/, where the built server serves
// them from. Run after `tsc -p tsconfig.build.json`.
import { copyFile, mkdir, readdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const from = join(root, 'src', 'server', 'page')
const to = join(root, 'dist', 'server', 'page')
const STATIC = /\.(html|css|svg|ico|png|webmanifest|txt)$/

await mkdir(to, { recursive: true })
const files = (await readdir(from)).filter(name => STATIC.test(name))
for (const name of files) await copyFile(join(from, name), join(to, name))
process.stderr.write(`copy-page-assets: ${files.length} file(s) to ${to}\n`)
