import { readFile } from 'node:fs/promises'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { DocumentResponse, ErrorResponse, SearchResponse, StatsResponse, SuggestResponse } from '../../../src/server/api-types.js'
import * as page from '../../../src/server/page/api-shapes.js'
import { API_MAX_LIMIT, API_MAX_OFFSET, API_MAX_QUERY_LENGTH } from '../../../src/server/request-schemas.js'

/*
 * The page is compiled apart from the server (browser library, no engine source), so it
 * declares the JSON it reads in src/server/page/api-shapes.ts. This file holds the two
 * sides together: `npm run typecheck` fails when the server's answers stop satisfying
 * what the page reads, and the test fails when the limits drift apart.
 */

describe('the JSON the page reads', () => {
  it('is what the server sends (checked by the type checker)', () => {
    expectTypeOf<SearchResponse>().toExtend<page.SearchResponse>()
    expectTypeOf<DocumentResponse>().toExtend<page.DocumentResponse>()
    expectTypeOf<SuggestResponse>().toExtend<page.SuggestResponse>()
    expectTypeOf<StatsResponse>().toExtend<page.StatsResponse>()
    expectTypeOf<ErrorResponse>().toExtend<page.ErrorResponse>()
  })

  it('respects the same request limits as the API', async () => {
    expect(page.API_LIMITS).toEqual({ maxQueryLength: API_MAX_QUERY_LENGTH, maxLimit: API_MAX_LIMIT, maxOffset: API_MAX_OFFSET })
    const html = await readFile(new URL('../../../src/server/page/index.html', import.meta.url), 'utf8')
    expect(html).toContain(`maxlength="${API_MAX_QUERY_LENGTH}"`)
  })
})
