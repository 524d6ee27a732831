/*
 * Preloaded with NODE_OPTIONS="--require <this file>" (tests/integration/cli/native-module-cli.test.ts):
 * makes nodejieba's native binary fail to load, in the process and its worker threads, as it
 * does for a user whose install skipped it (ZHSEARCH_TEST_NATIVE=missing: the MODULE_NOT_FOUND
 * Node throws for a package copied without build/, which nodejieba turns into BINDING_NOT_FOUND)
 * or whose binary is unusable (=broken: a file that is not a shared object, as a binary built
 * for another platform; Node's own dlopen error).
 */
const Module = require('node:module')
const { join } = require('node:path')

const resolve = Module._resolveFilename
Module._resolveFilename = function (request, parent, ...rest) {
  const resolved = resolve.call(this, request, parent, ...rest)
  if (!resolved.endsWith('nodejieba.node')) return resolved
  if (process.env.ZHSEARCH_TEST_NATIVE === 'broken') return join(__dirname, 'native-module-hook.cjs.not-a-binary.node')
  const error = new Error(`Cannot find module '${resolved}'\nRequire stack:\n- ${parent?.filename ?? 'unknown'}`)
  error.code = 'MODULE_NOT_FOUND'
  throw error
}
