import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { changingCodePoints, fromDeltas } from '../../../src/analysis/normalize/changed-runs.js'
import { OPENCC_CHANGING } from '../../../src/analysis/normalize/opencc-changing.js'
import { openccVersion, simplifiedChineseTables } from '../../../src/analysis/normalize/simplified-chinese.js'

/*
 * A process loads opencc-js (a megabyte of tables in JavaScript) only for a text that
 * holds a character its tables change: the code points kept for the installed version
 * (opencc-changing.ts) say which, and a text without them is its own conversion.
 */
describe('the code points OpenCC changes, kept', () => {
  it('are those of the installed opencc-js (else: npm run write:kept-tables)', () => {
    expect(OPENCC_CHANGING.version).toBe(openccVersion())
    expect(fromDeltas(OPENCC_CHANGING.codePoints)).toEqual(changingCodePoints(simplifiedChineseTables()))
  })

  it('let a process normalize simplified text without loading opencc-js, and traditional text with it', () => {
    const script = `
      import { createRequire } from 'node:module'
      import { createAnalyzer } from './src/analysis/analyzer.ts'
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some(path => path.includes('opencc-js'))
      const analyzer = createAnalyzer()
      const simplified = analyzer.normalize('北京市总工会 冬季送温暖 ２０２４').text
      const before = loaded()
      const traditional = analyzer.normalize('溫暖基金 頭髮').text
      console.log(JSON.stringify({ simplified, before, traditional, after: loaded() }))
    `
    // An ES import of it (which `require.cache` does not list) is told by a loader hook.
    const hook = `export async function load (url, context, next) { if (url.includes('opencc-js')) process.stderr.write('imported ' + url + '\\n'); return next(url, context) }`
    const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)})`
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--import', `data:text/javascript,${encodeURIComponent(register)}`, '--input-type=module', '-e', script], { encoding: 'utf8' })
    expect(child.stderr).not.toMatch(/imported .*opencc-js/)
    expect(JSON.parse(child.stdout)).toEqual({ simplified: '北京市总工会 冬季送温暖 2024', before: false, traditional: '温暖基金 头发', after: true })
  })
})
