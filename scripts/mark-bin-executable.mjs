// Sets the execute bit of every command in package.json's "bin" (tsc writes files 0644), so
// that `npx zhsearch` in a clone and `./dist/cli/main.js` run. Part of `npm run build`.
import { chmod, readFile, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { bin = {} } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'))
for (const file of typeof bin === 'string' ? [bin] : Object.values(bin)) {
  const path = join(root, file)
  await chmod(path, (await stat(path)).mode | 0o111)
}
