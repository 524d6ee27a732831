import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

/**
 * How to start a worker thread on the module `name` beside `callerUrl`: the compiled
 * `name.js`, or, when the caller runs as TypeScript from `src/` (tsx, vitest), `name.ts`
 * behind a small bootstrap that registers tsx first: on Node 20 a worker does not inherit
 * the parent's loader hooks. `execArgv` is the process's, without the flags that only apply
 * to the main script (`--input-type` of `node --input-type=module -e …`, which a worker
 * started from a file refuses).
 */
export function workerEntry (callerUrl: string, name: string): { script: URL | string, eval: boolean, execArgv: string[] } {
  const execArgv = process.execArgv.filter((arg, i, all) => !arg.startsWith('--input-type') && all[i - 1] !== '--input-type')
  if (!callerUrl.endsWith('.ts')) return { script: new URL(`./${name}.js`, callerUrl), eval: false, execArgv }
  const target = new URL(`./${name}.ts`, callerUrl).href
  const tsx = pathToFileURL(createRequire(callerUrl).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href
  const bootstrap = `import(${JSON.stringify(tsx)}).then(api => { api.register(); return import(${JSON.stringify(target)}) })`
  return { script: bootstrap, eval: true, execArgv }
}
