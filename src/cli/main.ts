#!/usr/bin/env node
/**
 * The `zhsearch` command line: wires the commands together, and turns how each ended into
 * an exit code (see exit-codes.ts). Each command lives in commands/.
 */
import { Command } from 'commander'
import { createAnalyzeCommand } from './commands/analyze-command.js'
import { createClusterCommand } from './commands/cluster-command.js'
import { createDictCommand } from './commands/dict-command.js'
import { createExportCommand } from './commands/export-command.js'
import { createReindexCommand } from './commands/reindex-command.js'
import { createSearchCommand } from './commands/search-command.js'
import { createServeCommand } from './commands/serve-command.js'
import { createStatsCommand } from './commands/stats-command.js'
import { EXIT_CODES } from './exit-codes.js'
import { describeFailure, verboseRequested } from './failure.js'
import { configureHelpLayout, examplesAndNotes } from './help.js'
import { runInterruptCleanups } from './interrupt.js'
import { packageVersion } from './version.js'

const program = new Command('zhsearch')
  .description('Full-text search for Chinese text: index a corpus folder, search it in the terminal or serve it over HTTP.')
  .version(packageVersion(), '-V, --version', 'print the version')
  .option('--verbose', 'show stack traces of failures (also: DEBUG=1)')
  .addCommand(createReindexCommand())
  .addCommand(createSearchCommand())
  .addCommand(createServeCommand())
  .addCommand(createStatsCommand())
  .addCommand(createAnalyzeCommand())
  .addCommand(createDictCommand())
  .addCommand(createClusterCommand())
  .addCommand(createExportCommand())
  .addHelpText('after', examplesAndNotes([
    'zhsearch reindex                   # index corpus/ into index/',
    'zhsearch search 工会 -饺子         # search it',
    'zhsearch serve --reindex-if-stale  # search page on http://127.0.0.1:3000/',
    'zhsearch <command> --help          # options and examples of a command',
  ], [
    'Exit codes: 0 success, 1 failure (stderr says what to do), 2 usage error.',
  ]))

// Every command, nested ones included: throw instead of exiting (so the exit code is set
// here), point at --help after a usage error, and wrap help to the terminal's width.
const configure = (command: Command): void => {
  command.exitOverride().showHelpAfterError('(add --help for usage and examples)')
  configureHelpLayout(command)
  command.commands.forEach(configure)
}
configure(program)

// Ctrl-C and SIGTERM: commands say what was kept (a reindex leaves the old index). `serve`
// handles its own signals, to finish requests in flight.
program.hook('preAction', (_program, action) => {
  if (action.name() === 'serve') return
  const stop = (signal: NodeJS.Signals, code: number) => () => {
    runInterruptCleanups()
    process.stderr.write(`zhsearch: stopped by ${signal}\n`)
    process.exit(code)
  }
  process.once('SIGINT', stop('SIGINT', 130))
  process.once('SIGTERM', stop('SIGTERM', 143))
})

// `zhsearch search 工会 | head -3`: the reader went away, which is not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error
  process.exit(process.exitCode ?? EXIT_CODES.ok)
})

try {
  await program.parseAsync()
} catch (error) {
  const failure = await describeFailure(error, { verbose: verboseRequested(process.argv, process.env) })
  if (failure.lines.length > 0) process.stderr.write(`${failure.lines.join('\n')}\n`)
  process.exitCode = failure.exitCode
}
if (process.exitCode === undefined) process.exitCode = EXIT_CODES.ok
