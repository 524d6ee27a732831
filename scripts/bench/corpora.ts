/**
 * The corpora, each written as a corpus folder into the run's temporary work folder (never
 * into the repository) and read back with the library's `readCorpus`, so that every engine
 * gets exactly the articles zhsearch indexes:
 *
 *   default     the repository's corpus/ folder, copied
 *   news, newsNm  ../shared/data/xwlb-news (19,594 items), one JSONL file per month (the
 *               way an archive grows); `news3m` keeps the first 3 months. The text is CCTV's:
 *               it is only ever written to the temporary folder, which is deleted afterwards.
 *   poetry, poetryNk  the npm package `chinese-poetry` (全唐诗 then 全宋诗, traditional
 *               characters), installed on first use (lib/chinese-poetry.ts); all ~311k
 *               poems, or the first N thousand. One JSONL file per 1,000 poems, as the
 *               package ships them; poems as {id, title, author, body}.
 */
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { poetryFolder } from '../lib/chinese-poetry.js'
import { ROOT } from '../lib/paths.js'
import { NEWS_DIR } from '../lib/xwlb-news.js'

export interface PreparedCorpus {
  name: string
  /** A line on where the articles come from. */
  description: string
  dir: string
  /** The corpus files, relative to `dir`. */
  files: string[]
  /** The file the incremental reindex sees changed. */
  changedFile: string
}

export interface CorpusSources {
  /** The folder of xwlb-news's yearly JSONL files (../shared/data/xwlb-news by default). */
  newsDir?: string
  /** Where chinese-poetry is installed (lib/chinese-poetry.ts). */
  cacheDir?: string
}

const CORPUS_NAMES = 'default, news, news<N>m (the first N months), poetry or poetry<N>k (the first N thousand poems)'

/** Throws, naming the corpora there are, unless every name is one prepareCorpus knows. */
export function checkCorpusNames (names: readonly string[]): void {
  const unknown = names.filter(name => name !== 'default' && !/^news(?:\d+m)?$/.test(name) && !/^poetry(?:\d+k)?$/.test(name))
  if (unknown.length > 0) throw new Error(`unknown corpus ${unknown.join(', ')}: use ${CORPUS_NAMES}`)
}

export async function prepareCorpus (name: string, dir: string, sources: CorpusSources = {}): Promise<PreparedCorpus> {
  checkCorpusNames([name])
  await mkdir(dir, { recursive: true })
  let files: string[]
  let description: string
  const news = /^news(?:(\d+)m)?$/.exec(name)
  const poetry = /^poetry(?:(\d+)k)?$/.exec(name)
  if (name === 'default') {
    await cp(join(ROOT, 'corpus'), dir, { recursive: true, filter: source => !source.endsWith('README.md') })
    files = (await readdir(dir)).filter(file => file !== 'user.dict').sort()
    description = 'the repository\'s corpus/ folder'
  } else if (news !== null) {
    const newsDir = sources.newsDir ?? NEWS_DIR
    files = await writeNews(dir, newsDir, Number(news[1] ?? 0))
    description = `${newsDir}, one JSONL file per month`
  } else if (poetry !== null) {
    const limit = poetry[1] === undefined ? Number.POSITIVE_INFINITY : Number(poetry[1]) * 1000
    files = await writePoetry(dir, await poetryFolder(sources.cacheDir), limit)
    description = 'npm chinese-poetry (全唐诗, then 全宋诗), one JSONL file per 1,000 poems'
  } else {
    throw new Error(`unknown corpus ${name}`)
  }
  if (files.length === 0) throw new Error(`corpus ${name} has no files`)
  return { name, description, dir, files, changedFile: files[Math.floor(files.length / 2)]! }
}

async function writeNews (dir: string, newsDir: string, monthLimit: number): Promise<string[]> {
  const byMonth = new Map<string, string[]>()
  const sources = (await readdir(newsDir)).filter(name => name.endsWith('.jsonl')).sort()
  if (sources.length === 0) throw new Error(`no .jsonl files in ${newsDir}; pass --news-dir DIR`)
  for (const source of sources) {
    for (const line of (await readFile(join(newsDir, source), 'utf8')).split('\n')) {
      if (line.trim() === '') continue
      const month = (JSON.parse(line) as { date: string }).date.slice(0, 7)
      let lines = byMonth.get(month)
      if (lines === undefined) byMonth.set(month, lines = [])
      lines.push(line)
    }
  }
  let months = [...byMonth.keys()].sort()
  if (monthLimit > 0) months = months.slice(0, monthLimit)
  for (const month of months) await writeFile(join(dir, `xwlb-${month}.jsonl`), `${byMonth.get(month)!.join('\n')}\n`)
  return months.map(month => `xwlb-${month}.jsonl`)
}

interface Poem { author?: string, title?: string, paragraphs?: string[] }

async function writePoetry (dir: string, poemsDir: string, limit: number): Promise<string[]> {
  // poet.tang.0.json, poet.tang.1000.json, … then poet.song.*: in the order of the anthologies.
  const sources = (await readdir(poemsDir))
    .map(file => /^poet\.(tang|song)\.(\d+)\.json$/.exec(file))
    .filter(match => match !== null)
    .map(match => ({ file: match[0], dynasty: match[1]!, first: Number(match[2]) }))
    .sort((a, b) => (a.dynasty === b.dynasty ? a.first - b.first : a.dynasty === 'tang' ? -1 : 1))
  const files: string[] = []
  let written = 0
  for (const source of sources) {
    if (written >= limit) break
    const poems = (JSON.parse(await readFile(join(poemsDir, source.file), 'utf8')) as Poem[]).slice(0, limit - written)
    const lines = poems.map((poem, i) => JSON.stringify({
      // File and position: a file may hold more than 1,000 poems, so first + i would collide.
      id: `${source.dynasty}-${source.first}-${i}`,
      title: poem.title ?? '',
      author: poem.author ?? '',
      body: (poem.paragraphs ?? []).join('\n'),
    }))
    const file = `poems-${source.dynasty}-${String(source.first).padStart(6, '0')}.jsonl`
    await writeFile(join(dir, file), `${lines.join('\n')}\n`)
    files.push(file)
    written += poems.length
  }
  return files
}

/** Changes one article of a corpus file (a sentence more at the end), as an editor's fix would. */
export async function changeOneArticle (path: string, round: number): Promise<void> {
  const note = `（编者注：本文于第${round}次校对时更正。）`
  if (!path.endsWith('.jsonl')) {
    await writeFile(path, `${(await readFile(path, 'utf8')).trimEnd()}\n${note}\n`)
    return
  }
  const lines = (await readFile(path, 'utf8')).trimEnd().split('\n')
  const article = JSON.parse(lines[0]!) as Record<string, unknown>
  const field = ['body', 'text', 'content'].find(key => typeof article[key] === 'string') ?? 'body'
  article[field] = `${String(article[field] ?? '')}\n${note}`
  lines[0] = JSON.stringify(article)
  await writeFile(path, `${lines.join('\n')}\n`)
}
