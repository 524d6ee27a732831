import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BackendCase, DEFAULT_CASES, NEWS_CASES, searchAnswer, suggestAnswer } from './backend-cases.js'
import { BACKENDS, type CaseSearcher } from './backends.js'
import { type CorpusSpec, DEFAULT, makeTestCorpus, NEWS, type TestCorpus } from './test-corpora.js'

/*
 * One query lifecycle for every backend (issue 21): the same cases (query syntax, pinyin,
 * synonyms, relaxed matches, filters, facets, paging, suggest) run against every backend
 * in BACKENDS and must give what the embedded SearchEngine that built the index gives:
 * the same ranked ids, totals and facets. To add a backend, add an entry to BACKENDS
 * (backends.ts); the cases stay as they are.
 */
const CORPORA: Array<{ spec: CorpusSpec, cases: BackendCase[] }> = [
  { spec: DEFAULT, cases: DEFAULT_CASES },
  { spec: NEWS, cases: NEWS_CASES },
]

for (const backend of BACKENDS) {
  if (backend.skipReason !== undefined) process.stderr.write(`skipping the backend suite on ${backend.name}: ${backend.skipReason}\n`)
}

/** A case's answer, as searchAnswer and suggestAnswer show it. Searches cut no snippets unless the case asks. */
async function answer (searcher: CaseSearcher, testCase: BackendCase): Promise<object> {
  if ('suggest' in testCase) return suggestAnswer(await searcher.suggest(testCase.suggest, testCase.limit))
  const request = { snippets: false, ...testCase.search }
  return searchAnswer(await searcher.search(request), request)
}

for (const { spec, cases } of CORPORA) {
  describe.skipIf(spec.missing)(`every backend answers as the embedded engine on ${spec.name}`, () => {
    let corpus: TestCorpus | undefined
    const expected = new Map<string, object>()

    beforeAll(async () => {
      corpus = await makeTestCorpus(spec)
      for (const testCase of cases) expected.set(testCase.name, await answer(corpus.reference, testCase))
    }, 120_000)

    afterAll(async () => {
      await corpus?.remove()
    })

    it.each(cases)('the embedded engine answers $name as pinned', testCase => {
      const reference = expected.get(testCase.name) as Record<string, unknown>
      if (testCase.pin !== undefined) expect(reference).toMatchObject(testCase.pin)
      // A case without a pinned total must find something: agreeing on nothing tests nothing.
      const found = 'suggest' in testCase ? (reference.words as string[]).length : reference.total as number
      if (testCase.pin === undefined || !('total' in testCase.pin)) expect(found, 'help: the case finds nothing on the embedded engine; pin {total: 0} if that is meant').toBeGreaterThan(0)
    })

    for (const backend of BACKENDS) {
      describe.skipIf(backend.skipReason !== undefined)(backend.name, () => {
        let searcher: CaseSearcher | undefined

        beforeAll(async () => {
          searcher = await backend.open(corpus!)
        }, 300_000)

        afterAll(async () => {
          await searcher?.close()
        }, 60_000)

        it.each(cases)('answers $name', async testCase => {
          expect(await answer(searcher!, testCase)).toEqual(expected.get(testCase.name))
        })
      })
    }
  })
}
