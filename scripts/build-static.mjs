// Builds what a static export carries (src/static/export/site-files.ts) into
// dist/static/site/, with esbuild. Part of `npm run build`, after tsc.
//
// - zhsearch-static.js: src/static/open-static-index.ts and everything it loads (the query
//   lifecycle, the reader, MiniSearch) as one ES module for the browser. esbuild's browser
//   platform cannot resolve a Node built-in, so one imported by mistake fails the build.
// - page.js: the server's search page (src/server/page/app.ts) with
//   src/static/page/api-calls.ts in place of its api-calls.ts, and the module, in one bundle.
//   An export writes it gzip-compressed too (page.js.gz), as the index files are, since a
//   plain static file server sends files as they are. load-page.js
//   (src/static/page/load-page.js) is the page's script: it runs page.js.gz, or page.js
//   where it cannot.
// - index.html (the server's, loading load-page.js, its icon inside), style.css (minified).
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const page = join(root, 'src', 'server', 'page')
const out = join(root, 'dist', 'static', 'site')
// The first line of both bundles, `//# allFunctionsCalledOnLoad`, is V8's compile hint (Chromium
// 136+; other engines read a comment): every function is compiled as the script loads, when
// the page opens, instead of the first time it runs, which is after Enter: 20-40 ms of the
// first answer's main thread (Chromium trace, news export), most of the search being
// functions a first query runs once. The page's opening pays for it instead, while the reader
// types: the footer showed the index's size ~30 ms later (10 fresh tabs each, medians 272 →
// 306 ms, load ~1), since the hint also compiles the parts of the page a search never runs.
const COMPILE_WHOLE = '//# allFunctionsCalledOnLoad'
const common = { bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: true, legalComments: 'none', logLevel: 'warning', metafile: true, banner: { js: COMPILE_WHOLE } }

await rm(out, { recursive: true, force: true })
await mkdir(out, { recursive: true })
const module = await build({ ...common, entryPoints: [join(root, 'src', 'static', 'open-static-index.ts')], outfile: join(out, 'zhsearch-static.js') })

/** The page's API calls replaced by the static ones. */
const staticCalls = {
  name: 'static-api-calls',
  setup (builder) {
    builder.onResolve({ filter: /^\.\/api-calls\.js$/ }, args => args.importer.startsWith(page) ? { path: join(root, 'src', 'static', 'page', 'api-calls.ts') } : undefined)
  },
}
const app = await build({ ...common, entryPoints: [join(page, 'app.ts')], outfile: join(out, 'page.js'), plugins: [staticCalls] })
await build({ entryPoints: [join(root, 'src', 'static', 'page', 'load-page.js')], outfile: join(out, 'load-page.js'), minify: true, format: 'esm', target: 'es2022', logLevel: 'warning' })

// The icon goes in the page (a data: URL): Chromium asks for it after the page has loaded,
// as a first query is fetching, and a plain HTTP/1.1 server has six connections to share.
// It is the server's icon drawn as a PNG (scripts/write-favicon-png.ts): Chromium takes the
// icon up again after every same-document navigation, that is after every search, and an
// SVG icon is then built as a document of its own on the page's main thread (3.5-7.9 ms just
// after Enter in traces of the news export), a PNG decoded in well under a millisecond.
const icon = `data:image/png;base64,${(await readFile(join(page, 'favicon.png'))).toString('base64')}`
const html = (await readFile(join(page, 'index.html'), 'utf8'))
  .replace('href="favicon.svg" type="image/svg+xml"', `href="${icon}" type="image/png"`)
  // The page without a server has no /api/search to point to when JavaScript is off.
  .replace(/也可以直接使用接口：<code>[^<]*<\/code>/, '')
  .replace(/ *<!--[^>]*-->\n *<script type="module" src="app.js"><\/script>/, '  <script type="module" src="load-page.js"></script>')
if (!html.includes('load-page.js') || !html.includes('data:image/png')) throw new Error('build-static: index.html no longer loads app.js and favicon.svg as this script expects (it puts load-page.js and favicon.png in their place)')
await writeFile(join(out, 'index.html'), html)
await build({ entryPoints: [join(page, 'style.css')], outfile: join(out, 'style.css'), minify: true, logLevel: 'warning' })

const size = result => Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0)
process.stderr.write(`build-static: zhsearch-static.js ${size(module)} bytes, page.js ${size(app)} bytes, page files in ${out}\n`)
