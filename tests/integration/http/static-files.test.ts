import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Express } from 'express'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../../src/server/create-app.js'
import { type ServerFixture, serverFixture } from '../../helpers/server-fixtures.js'

/*
 * The page's static files (issue 15, items 6 and 7): only the page's own files are
 * served, whatever else a build leaves in its folder, and an error on a static path is
 * a JSON error that nothing caches, not a file's headers around a JSON body.
 */

let fixture: ServerFixture
let pageDir: string
let app: Express

const APP_JS = 'export const hello = "page"\n'

beforeAll(async () => {
  fixture = await serverFixture()
  // A page folder as a build with declarations and source maps would leave it.
  pageDir = await mkdtemp(join(tmpdir(), 'zhsearch-page-'))
  await Promise.all([
    writeFile(join(pageDir, 'index.html'), '<!doctype html><title>page</title>'),
    writeFile(join(pageDir, 'app.js'), APP_JS),
    writeFile(join(pageDir, 'search-box.js'), 'export {}\n'),
    writeFile(join(pageDir, 'style.css'), 'body {}\n'),
    writeFile(join(pageDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>'),
    writeFile(join(pageDir, 'app.js.map'), '{"version":3,"sources":["../../../src/server/page/app.ts"]}'),
    writeFile(join(pageDir, 'app.d.ts'), 'export {}\n'),
    writeFile(join(pageDir, 'app.ts'), 'export {}\n'),
    writeFile(join(pageDir, 'tsconfig.json'), '{}'),
    writeFile(join(pageDir, '.env'), 'SECRET=1'),
    mkdir(join(pageDir, 'nested')).then(() => writeFile(join(pageDir, 'nested', 'x.js'), 'export {}\n')),
  ])
  app = createApp(fixture.handle, { pageDir })
})

afterAll(async () => {
  await fixture.cleanup()
  await rm(pageDir, { recursive: true, force: true })
})

describe('the page folder', () => {
  it.each([
    ['/', /^text\/html/],
    ['/index.html', /^text\/html/],
    ['/app.js', /^text\/javascript/],
    ['/search-box.js', /^text\/javascript/],
    ['/style.css', /^text\/css/],
    ['/favicon.svg', /^image\/svg\+xml/],
  ])('serves the page file %s', async (path, type) => {
    const response = await request(app).get(path)

    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toMatch(type)
  })

  it.each(['/app.js.map', '/app.d.ts', '/app.ts', '/tsconfig.json', '/.env', '/nested/x.js', '/%61pp.js.map'])('answers 404 JSON for the leftover %s', async path => {
    const response = await request(app).get(path)

    expect(response.status).toBe(404)
    expect(response.headers['content-type']).toMatch(/^application\/json/)
    expect(response.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } })
    expect(response.text).not.toContain('sources')
  })

  it('does not serve the TypeScript beside the page in a source checkout', async () => {
    // The default page folder, as the tests run from src/: it holds the .ts sources.
    for (const path of ['/app.ts', '/tsconfig.json', '/api-shapes.ts']) {
      const response = await request(fixture.app).get(path)

      expect(response.status, path).toBe(404)
    }
  })
})

describe('error answers on static paths', () => {
  it('answers an unsatisfiable Range with a 416 JSON error that is not cached', async () => {
    const file = await request(app).get('/app.js')
    const response = await request(app).get('/app.js').set('Range', 'bytes=999999-')

    expect(response.status).toBe(416)
    expect(response.headers['content-type']).toMatch(/^application\/json/)
    expect(response.headers['cache-control']).toBe('no-store')
    expect(response.headers.etag).not.toBe(file.headers.etag)
    expect(response.headers['last-modified']).toBeUndefined()
    expect(response.headers['content-range']).toBe(`bytes */${Buffer.byteLength(APP_JS)}`)
    expect(response.body).toEqual({ error: { code: 'RANGE_NOT_SATISFIABLE', message: expect.any(String) } })
  })

  it('still answers a satisfiable Range with the bytes asked for', async () => {
    const response = await request(app).get('/app.js').set('Range', 'bytes=0-5')

    expect(response.status).toBe(206)
    expect(response.headers['content-type']).toMatch(/^text\/javascript/)
    expect(response.text).toBe(APP_JS.slice(0, 6))
  })

  it.each(['/no-such-file.js', '/app.js.map'])('does not let %s (404) be cached', async path => {
    const response = await request(app).get(path)

    expect(response.status).toBe(404)
    expect(response.headers['cache-control']).toBe('no-store')
  })
})
