import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/*
 * Data flows one way through the pipeline: ingest → analysis → indexing → search →
 * snippets → the seam (searcher/) → backends (engine/, cluster/, static/) → the entries (index.ts,
 * internal.ts, open-searcher.ts) → interfaces (server/, cli/). Ranking (search/) reads
 * what a backend fetched, never segments; the backends never import each other, the seam
 * imports no backend, and the interfaces reach the backends only through the entries. This
 * reads every import in src/ and checks it against the table of what each part may import
 * (STYLE.md, sections 7 and 11); and that the query lifecycle (search/, snippets/ and the
 * seam) runs in a browser too, for the static backend: nothing it loads imports a Node
 * built-in or a native module.
 */
const SRC = fileURLToPath(new URL('../../src/', import.meta.url))

const VOCABULARY = ['types.ts', 'errors.ts', 'options.ts', 'collections']
/** The backends: the embedded engine, the SphinxQL cluster, the static (browser) export. */
const BACKENDS = ['engine', 'cluster', 'static']
/** The seam and the lifecycle it runs: what every backend shares, so none of it may know one. */
const SEAM = ['searcher', 'search', 'snippets']
/** The interfaces: they reach a backend only through the entries (index.ts, internal.ts). */
const INTERFACES = ['server', 'cli']
const BACKEND_BASE = ['searcher', 'search', 'snippets', 'indexing', 'ingest', 'analysis', 'threads', ...VOCABULARY]

/** For each part of src/, the parts it may import from. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  'types.ts': [],
  'errors.ts': [],
  'options.ts': ['types.ts', 'errors.ts'],
  collections: ['collections'],
  threads: ['threads', 'errors.ts'],
  ingest: ['ingest', ...VOCABULARY],
  analysis: ['analysis', ...VOCABULARY],
  indexing: ['indexing', 'analysis', 'ingest', 'threads', ...VOCABULARY],
  search: ['search', 'analysis', ...VOCABULARY],
  snippets: ['snippets', 'analysis', ...VOCABULARY],
  // The seam names the manifest of an index folder (Searcher.manifest), a file of plain types.
  searcher: ['searcher', 'search', 'snippets', 'analysis', 'indexing/manifest.ts', ...VOCABULARY],
  engine: ['engine', ...BACKEND_BASE],
  cluster: ['cluster', ...BACKEND_BASE],
  static: ['static', ...BACKEND_BASE],
  // The static page's API calls answer the server page's questions in its types.
  'static/page': ['static', 'server/page/api-error.ts', 'server/page/api-shapes.ts'],
  // One function opens a searcher from an address: an index folder or sphinxql://….
  'open-searcher.ts': [...BACKENDS, ...BACKEND_BASE],
  'index.ts': ['open-searcher.ts', ...BACKENDS, ...BACKEND_BASE],
  'internal.ts': ['index.ts', 'open-searcher.ts', ...BACKENDS, ...BACKEND_BASE],
  server: ['server', 'index.ts', 'internal.ts'],
  cli: ['cli', 'index.ts', 'internal.ts', 'server/start-server.ts'],
}

/** Where each third-party package may be used. */
const PACKAGE_HOMES: Record<string, readonly string[]> = {
  nodejieba: ['analysis/segment/chinese-segmenter.ts'],
  'opencc-js': ['analysis/normalize/simplified-chinese.ts', 'analysis/normalize/chinese-tables.ts'],
  minisearch: ['static'],
  'pinyin-pro': ['analysis/pinyin/word-pinyin.ts'],
  express: ['server'],
  helmet: ['server'],
  'express-rate-limit': ['server'],
  compression: ['server'],
  pino: ['server'],
  'pino-http': ['server'],
  'pino-pretty': ['server'],
  commander: ['cli'],
  'cli-progress': ['cli'],
  mysql2: ['cluster/sphinxql-client.ts'],
}

/** The parts of src/ that must load in a browser (the static backend runs the lifecycle there). */
const BROWSER_SAFE = ['search', 'snippets', 'searcher']
/** Files that must load in a browser, with everything they import: the static module and its page. */
const BROWSER_ENTRIES = ['static/open-static-index.ts', 'static/page/api-calls.ts']
/** Packages that only load in Node (native modules). */
const NODE_ONLY_PACKAGES = ['nodejieba', 'mysql2']

/** `import … from '…'`, `export … from '…'` (`type` when of types only), and `import('…')`. */
const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[\w*\s,]*\{[^}]*\}|[\w*\s,]+?)\s*from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g

/** The specifiers a file imports, and whether each import is of types only (erased when compiled). */
function importsOf (code: string): Array<{ specifier: string, typeOnly: boolean }> {
  return [...code.matchAll(IMPORT)].map(match => ({ specifier: match[2] ?? match[3]!, typeOnly: match[1] !== undefined }))
}

/** src/-relative path of a relative import of `from` (a src/-relative path). */
function resolveImport (from: string, specifier: string): string {
  return relative(SRC, join(SRC, from, '..', specifier)).split('\\').join('/').replace(/\.js$/, '.ts')
}

async function sourceFiles (dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const files = await Promise.all(entries.map(async entry => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  }))
  return files.flat()
}

/** The part of src/ a path belongs to: its top folder, or the file itself at the top. */
function partOf (pathInSrc: string): string {
  return pathInSrc.includes('/') ? pathInSrc.split('/')[0]! : pathInSrc
}

function allowed (list: readonly string[], pathInSrc: string): boolean {
  return list.some(entry => pathInSrc === entry || partOf(pathInSrc) === entry || pathInSrc.startsWith(`${entry}/`))
}

describe('architecture', () => {
  it('keeps every import of src/ inside the pipeline order', async () => {
    const violations: string[] = []
    for (const file of await sourceFiles(SRC)) {
      const from = relative(SRC, file).split('\\').join('/')
      if (from.startsWith('server/page/')) continue
      const rules = MAY_IMPORT[from.startsWith('static/page/') ? 'static/page' : partOf(from)]
      if (rules === undefined) {
        violations.push(`${from}: no rule for this part of src/; add one to MAY_IMPORT`)
        continue
      }
      const code = await readFile(file, 'utf8')
      for (const { specifier } of importsOf(code)) {
        if (specifier.startsWith('.')) {
          const target = resolveImport(from, specifier)
          if (!allowed([partOf(from), ...rules], target)) violations.push(`${from} imports ${target}; ${partOf(from)} may import only ${rules.join(', ')}`)
        } else if (!specifier.startsWith('node:')) {
          const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!
          const homes = PACKAGE_HOMES[name]
          if (homes !== undefined && !allowed(homes, from)) violations.push(`${from} imports ${name}, which belongs in ${homes.join(', ')}`)
        }
      }
    }
    expect(violations, 'help: move the code to the stage that owns it, or route it through src/index.ts').toEqual([])
  })

  it('lets no backend import another, the seam import none, and the interfaces reach them only through the entries', () => {
    // The table above could be widened by one entry to let a backend in; this says which widening is never right.
    const reachable = (part: string): string[] => [...(MAY_IMPORT[part] ?? [])]
    const problems = [
      ...BACKENDS.flatMap(backend => reachable(backend).filter(entry => BACKENDS.includes(partOf(entry)) && partOf(entry) !== backend).map(entry => `${backend} may import ${entry}, another backend`)),
      ...SEAM.flatMap(part => reachable(part).filter(entry => BACKENDS.includes(partOf(entry))).map(entry => `${part} (the seam) may import ${entry}, a backend`)),
      ...INTERFACES.flatMap(part => reachable(part).filter(entry => BACKENDS.includes(partOf(entry)) || ['open-searcher.ts', ...SEAM, 'indexing', 'analysis'].includes(partOf(entry))).map(entry => `${part} may import ${entry} directly`)),
    ]
    expect(problems, 'help: backends share the seam (searcher/) and meet only in src/index.ts and src/internal.ts').toEqual([])
  })

  it('loads nothing from the query lifecycle (search/, snippets/, searcher/) or the static module that needs Node', async () => {
    const files = (await sourceFiles(SRC)).map(file => relative(SRC, file).split('\\').join('/'))
    const violations: string[] = []
    const seen = new Set<string>()
    const visit = async (path: string, via: string): Promise<void> => {
      if (seen.has(path)) return
      seen.add(path)
      for (const { specifier, typeOnly } of importsOf(await readFile(join(SRC, path), 'utf8'))) {
        if (typeOnly) continue
        if (specifier.startsWith('.')) await visit(resolveImport(path, specifier), `${via} → ${path}`)
        else if (specifier.startsWith('node:') || NODE_ONLY_PACKAGES.includes(specifier.split('/')[0]!)) violations.push(`${path} imports ${specifier} (loaded by ${via})`)
      }
    }
    for (const file of files.filter(file => BROWSER_SAFE.includes(partOf(file)) || BROWSER_ENTRIES.includes(file))) await visit(file, file)
    expect(violations, 'help: keep Node (files, threads, native modules) in the backends and the entries').toEqual([])
  })
})
