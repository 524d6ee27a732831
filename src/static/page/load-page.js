// The static page's one script tag: loads page.js.gz, the page and the search module in one
// gzip-compressed bundle (a plain static file server sends files as they are: a third of the
// bytes). Served with a Content-Encoding, the file arrives decompressed and runs as it is.
// Where the browser cannot run it from a blob: URL (a Content-Security-Policy without blob:
// in script-src), the same bundle loads uncompressed from page.js.
const loaded = (async () => {
  const bytes = new Uint8Array(await (await fetch(new URL('page.js.gz', import.meta.url))).arrayBuffer())
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b
  const code = gzip ? await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text() : new TextDecoder().decode(bytes)
  const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }))
  try {
    await import(url)
  } finally {
    URL.revokeObjectURL(url)
  }
})()
loaded.catch(() => import('./page.js'))
