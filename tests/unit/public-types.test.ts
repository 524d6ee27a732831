import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ts from 'typescript'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildCli, ROOT } from '../helpers/cli-process.js'

/*
 * Issue 20, item 8: the published types say what the runtime accepts, for a strict consumer
 * (NodeNext, exactOptionalPropertyTypes, skipLibCheck off): an article with a title or a body,
 * optional fields given as undefined, the example of index.d.ts as written; and they never
 * pull zod's types into the consumer's compilation (dist/indexing/manifest.d.ts is plain).
 * Compiled with the TypeScript API against dist/ (built first), as check-package.sh does
 * against the packed tarball.
 */
const DIST = join(ROOT, 'dist', 'index.js')
const CONSUMERS = {
  accepted: `
    import { SearchEngine, reindex, type ArticleInput, type SearchRequest, type EngineOptions, type BuildOptions } from 'zhsearch'
    const maybe = (): string | undefined => undefined
    const articles: ArticleInput[] = [
      { id: 'title-only', title: '只有标题' },
      { id: 'body-only', body: '只有正文', author: maybe(), reporters: undefined, origin: { file: 'a.txt', ordinal: 1, line: undefined } },
    ]
    const options: EngineOptions & BuildOptions = { workers: undefined, queryBudgetMs: undefined, userWords: undefined }
    const engine = await SearchEngine.fromArticles(articles, options)
    const request: SearchRequest = { query: '工会', author: maybe(), dateFrom: undefined, limit: undefined }
    const { hits } = await engine.search(request)
    await engine.add([{ id: 'x', body: '正文' }], { workers: undefined, onProgress: undefined })
    await engine.save('index', { allowOtherFiles: undefined })
    await reindex({ corpusDir: 'corpus', indexDir: 'index', workers: undefined, full: undefined, allowOtherFiles: true })
    console.log(hits.length)
  `,
  refused: `
    import type { ArticleInput } from 'zhsearch'
    const article: ArticleInput = { id: 'nothing' }
    console.log(article)
  `,
}

let result: { errors: Map<string, string[]>, files: string[] }

beforeAll(async () => {
  await buildCli()
  const dir = await mkdtemp(join(tmpdir(), 'zhsearch-types-'))
  try {
    await writeFile(join(dir, 'package.json'), '{ "type": "module" }')
    const declarations = await readFile(join(ROOT, 'dist', 'index.d.ts'), 'utf8')
    const example = /```ts\n([\s\S]*?)```/.exec(declarations)?.[1]?.replace(/^\s*\* ?/gm, '') ?? ''
    const sources = { ...CONSUMERS, example }
    for (const [name, code] of Object.entries(sources)) await writeFile(join(dir, `${name}.ts`), code.replaceAll("'zhsearch'", JSON.stringify(DIST)))
    result = typeCheck(Object.keys(sources).map(name => join(dir, `${name}.ts`)))
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}, 300_000)

/** Type-checks the files as a strict consumer would: the diagnostics of each file (by its name) and the files the compiler read. */
function typeCheck (files: string[]): { errors: Map<string, string[]>, files: string[] } {
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: false,
    noEmit: true,
    types: ['node'],
    typeRoots: [join(ROOT, 'node_modules', '@types')],
  })
  const errors = new Map<string, string[]>()
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const name = (diagnostic.file?.fileName ?? '').replace(/^.*\//, '').replace(/\.ts$/, '')
    errors.set(name, [...(errors.get(name) ?? []), ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')])
  }
  return { errors, files: program.getSourceFiles().map(source => source.fileName) }
}

describe('the published types', () => {
  it('accept what the runtime accepts, under exactOptionalPropertyTypes', () => {
    expect(result.errors.get('accepted') ?? []).toEqual([])
    expect([...result.errors.keys()].filter(name => !['accepted', 'refused', 'example'].includes(name)), 'errors in zhsearch\'s own .d.ts files').toEqual([])
  })

  it('never pull zod\'s types into a consumer\'s compilation', () => {
    expect(result.files.filter(file => file.includes('/zod/'))).toEqual([])
  })

  it('refuse an article with neither a title nor a body', () => {
    expect((result.errors.get('refused') ?? []).join('\n')).toMatch(/title|body/)
  })

  it('compile the example in index.d.ts as it is written', () => {
    expect(result.files.some(file => file.endsWith('example.ts'))).toBe(true)
    expect(result.errors.get('example') ?? []).toEqual([])
  })
})
