#!/usr/bin/env bash
# Installs zhsearch as a user would, and uses it: packs this checkout, installs the tarball
# into an empty project (no .npmrc, npx may not install anything), type-checks a strict
# NodeNext TypeScript consumer against the published .d.ts, runs it, requires the package
# from CommonJS, and runs the installed `zhsearch` command. Run by .ci/run after the tests;
# by hand: bash scripts/check-package.sh (about a minute, most of it compiling nodejieba).
#
# Why yes=false matters: nodejieba's install script runs `npx @mapbox/node-pre-gyp`. npx
# looks for that package in nodejieba's own folder only; zhsearch depends on node-pre-gyp 2,
# so npm keeps nodejieba's node-pre-gyp 1 inside nodejieba/node_modules, where npx finds it.
# Without that, npx would ask to download it, which fails without a terminal or with
# yes=false. If nodejieba moves to node-pre-gyp 2, the install below fails: look there.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d "${TMPDIR:-/tmp}/zhsearch-package-XXXXXX")
[ "${KEEP:-}" = 1 ] || trap 'rm -rf "$work"' EXIT
started=$SECONDS
say() { echo "check-package ($((SECONDS - started)) s): $*" >&2; }
version_of() { node -p "require('$root/node_modules/$1/package.json').version"; }

say "building and packing $root"
npm run --silent build >/dev/null
# `npx zhsearch` in a clone runs dist/cli/main.js itself: the build must have made it executable.
[ -x "$root/dist/cli/main.js" ] || { say "dist/cli/main.js is not executable after the build"; exit 1; }
tarball=$(npm pack --ignore-scripts --silent --pack-destination "$work" | tail -1)
say "packed $tarball ($(du -k "$work/$tarball" | cut -f1) KiB)"
if tar -tzf "$work/$tarball" | grep -E '\.map$|\.tsbuildinfo$|^package/(src|tests|corpus|index)/'; then
  say "the tarball ships files it should not (listed above): source maps, build info, sources, tests or data"
  exit 1
fi
tar -tzf "$work/$tarball" | grep -x 'package/LICENSE' >/dev/null || { say "the tarball has no LICENSE"; exit 1; }
# Read at run time beside the built segmenter (scripts/copy-assets.mjs copies it).
tar -tzf "$work/$tarball" | grep -x 'package/dist/analysis/segment/jieba-extractor-unused.utf8' >/dev/null || { say "the tarball has no dist/analysis/segment/jieba-extractor-unused.utf8"; exit 1; }
if grep -rn '@internal' <(tar -xzOf "$work/$tarball" --wildcards 'package/dist/*.d.ts'); then
  say "the .d.ts files carry @internal members (stripInternal)"
  exit 1
fi

mkdir "$work/app"
cd "$work/app"
cat > package.json <<'EOF'
{ "name": "zhsearch-consumer", "version": "1.0.0", "private": true, "type": "module" }
EOF
# The consumer's own compiler and Node types, at the versions this checkout uses (so the npm
# cache has them).
export npm_config_yes=false
say "npm install $tarball into an empty project (npm_config_yes=false, no .npmrc)"
npm install --no-audit --no-fund --loglevel=error "$work/$tarball" "typescript@$(version_of typescript)" "@types/node@$(version_of @types/node)"
say "installed"

cat > tsconfig.json <<'EOF'
{
  "compilerOptions": {
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "target": "ES2022",
    "strict": true,
    "noUncheckedIndexedAccess": true,
    "exactOptionalPropertyTypes": true,
    "skipLibCheck": false,
    "types": ["node"],
    "outDir": "dist"
  },
  "files": ["consumer.ts"]
}
EOF
cat > consumer.ts <<'EOF'
import { isZhsearchError, SearchEngine, type ArticleInput, type SearchHit } from 'zhsearch'

const noAuthor: string | undefined = undefined
const articles: ArticleInput[] = [
  {
    id: 'winter',
    title: '北京市总工会开展冬季送温暖活动',
    body: '北京市总工会启动“冬季送温暖”活动，为困难职工送去温暖基金和慰问品。',
    origin: { file: 'memory', ordinal: 1 },
  },
  {
    id: 'dumplings',
    title: '冬至饺子暖人心',
    body: '社区志愿者和环卫工人一起包饺子，过一个热闹的冬至。',
    origin: { file: 'memory', ordinal: 2 },
  },
  // A body alone is an article; an optional field may be given as undefined.
  { id: 'note', body: '环卫工人的一天。', author: noAuthor },
]

const engine = await SearchEngine.fromArticles(articles)
// `await` whether search returns the response or a promise of it.
const response = await engine.search({ query: '溫暖基金', limit: 5, author: noAuthor })
const hit: SearchHit | undefined = response.hits[0]
if (response.total !== 1 || hit === undefined || hit.id !== 'winter') {
  throw new Error(`expected one hit, winter, for 溫暖基金; got ${JSON.stringify(response)}`)
}
const snippet: string = hit.snippets.join(' … ')
if (!snippet.includes('<mark>温暖基金</mark>')) throw new Error(`no highlighted match in ${snippet}`)
const score: number = hit.score

let refused = ''
try {
  await engine.search('长'.repeat(300))
} catch (error) {
  if (!isZhsearchError(error)) throw error
  refused = error.code
}
if (refused !== 'QUERY_TOO_LONG') throw new Error(`a 300-character query gave ${refused || 'no error'}`)

console.log(`consumer: ${response.total} hit: ${hit.title} (score ${score.toFixed(2)}): ${snippet}`)
EOF
cat > consumer.cjs <<'EOF'
// CommonJS: require() of the ES module, which Node supports from 20.19 and 22.12.
const { SearchEngine } = require('zhsearch')
const article = { id: 'a', title: '温暖基金', body: '冬季送温暖。', origin: { file: 'memory', ordinal: 1 } }
SearchEngine.fromArticles([article])
  .then(engine => engine.search('溫暖'))
  .then(response => {
    if (response.total !== 1) throw new Error(`expected 1 hit, got ${response.total}`)
    console.log(`consumer.cjs: require('zhsearch') works, ${response.total} hit`)
  })
EOF

say "type-checking consumer.ts (strict, NodeNext, skipLibCheck off)"
npx tsc -p tsconfig.json
say "running it"
node dist/consumer.js

node_ok=$(node -p "const [a, b] = process.versions.node.split('.').map(Number); (a === 20 && b >= 19) || (a === 22 && b >= 12) || a >= 23")
if [ "$node_ok" = true ]; then
  say "require('zhsearch') from CommonJS"
  node consumer.cjs
else
  say "skipping require('zhsearch'): Node $(node -v) has no require(esm) (20.19+, 22.12+)"
fi

say "npx zhsearch in the project (the installed bin, nothing downloaded)"
before=$(date +%s%N)
npx zhsearch --version
say "npx zhsearch --version answered in $(( ($(date +%s%N) - before) / 1000000 )) ms"
mkdir corpus
printf '# 北京市总工会开展冬季送温暖活动\n\n温暖基金送到困难职工手中。\n' > corpus/winter.md
npx zhsearch reindex >/dev/null 2>&1
npx zhsearch search 溫暖基金 | head -3
say "the package works as a dependency"
