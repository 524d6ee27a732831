// Builds what a static export carries (src/static/export/site-files.ts) into
// dist/static/site/, with esbuild. Part of `npm run build`, after tsc.
//
// - zhsearch-static.js: src/static/open-static-index.ts and everything it loads (the query
//   lifecycle, the reader, MiniSearch) as one ES module for the browser. esbuild's browser
//   platform cannot resolve a Node built-in, so one imported by mistake fails the build.
// - app.js: the server's search page (src/server/page/app.ts) with src/static/page/api-calls.ts
//   in place of its api-calls.ts; it imports ./zhsearch-static.js instead of bundling it again.
// - index.html, style.css, favicon.svg: the server's, as they are (their URLs are relative).
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const page = join(root, 'src', 'server', 'page')
const out = join(root, 'dist', 'static', 'site')
const common = { bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: true, legalComments: 'none', logLevel: 'warning', metafile: true }

await mkdir(out, { recursive: true })
const module = await build({ ...common, entryPoints: [join(root, 'src', 'static', 'open-static-index.ts')], outfile: join(out, 'zhsearch-static.js') })

/** The page's API calls replaced by the static ones, which import the module beside the page. */
const staticCalls = {
  name: 'static-api-calls',
  setup (builder) {
    builder.onResolve({ filter: /^\.\/api-calls\.js$/ }, args => args.importer.startsWith(page) ? { path: join(root, 'src', 'static', 'page', 'api-calls.ts') } : undefined)
    builder.onResolve({ filter: /^\.\.\/open-static-index\.js$/ }, () => ({ path: './zhsearch-static.js', external: true }))
  },
}
const app = await build({ ...common, entryPoints: [join(page, 'app.ts')], outfile: join(out, 'app.js'), plugins: [staticCalls] })

// The page without a server has no /api/search to point to when JavaScript is off.
const html = (await readFile(join(page, 'index.html'), 'utf8')).replace(/也可以直接使用接口：<code>[^<]*<\/code>/, '')
await writeFile(join(out, 'index.html'), html)
for (const name of ['style.css', 'favicon.svg']) await copyFile(join(page, name), join(out, name))

const size = result => Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0)
process.stderr.write(`build-static: zhsearch-static.js ${size(module)} bytes, app.js ${size(app)} bytes, page files in ${out}\n`)
