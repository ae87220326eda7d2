import type { Command, Io } from './io'
import {
  startEarly,
  TRAINING_WORKER,
  trainingWorkerOptions,
  workerScript,
  type FirstWork
} from '../backend/worker-script'

/**
 * Commands whose work starts on a training worker, with that first work (pricing's digest, training): `main`
 * starts one before the commands load, so that its start-up overlaps theirs (each ~0.4 s) instead of following it.
 */
const ON_WORKERS: ReadonlyMap<string, FirstWork> = new Map([
  ['optimize', 'pricing'],
  ['elasticity', 'training']
])

function help(io: Io, COMMANDS: Record<string, Command>): void {
  io.out('PriceLab — offline pricing analysis\n\nUsage: pricelab <command> [options]\n\nCommands:\n')
  for (const [name, c] of Object.entries(COMMANDS)) io.out(`  ${name.padEnd(12)} ${c.summary}\n`)
  io.out('\nRun pricelab <command> --help for its options. --json prints one JSON document on stdout.\n')
}

/** Runs one CLI invocation; returns the exit code (0 ok, 1 failure, 2 usage). */
export async function runCli(argv: string[], io: Io): Promise<number> {
  // Loaded here, not at the top: \`main\` starts a worker first (see ON_WORKERS).
  const [{ COMMANDS }, { flagInputError, UsageError }, { toErrorBody }] = await Promise.all([
    import('./commands'),
    import('./args'),
    import('../backend/error-body')
  ])
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    help(io, COMMANDS)
    return name ? 0 : 2
  }
  const cmd = COMMANDS[name]
  if (!cmd) {
    io.err(`pricelab: unknown command "${name}"\n`)
    help(io, COMMANDS)
    return 2
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${cmd.summary}\n\nUsage: ${cmd.usage}\n`)
    return 0
  }
  const json = rest.includes('--json')
  try {
    return await cmd.run(rest, io)
  } catch (e) {
    const body = e instanceof UsageError ? undefined : toErrorBody(e)
    // An API call refusing its input: one of the user's flags (exit 2, in the flag's own name).
    const asFlag = body ? flagInputError(body) : null
    const message = asFlag ?? body?.message ?? (e as Error).message
    io.err(`pricelab ${name}: ${message}\n`)
    for (const i of body?.issues?.slice(1, 20) ?? [])
      if (i.file !== undefined)
        io.err(
          `  ${i.file}:${i.line}:${i.column}${i.columnName ? ` (column "${i.columnName}")` : ''}: ${i.message}\n`
        )
    if (json)
      io.out(
        JSON.stringify({
          error: {
            code: body?.code ?? (e instanceof UsageError ? 'usage' : 'internal'),
            message,
            issues: (body?.issues ?? []).map((i) => ({
              file: i.file ?? null,
              line: i.line ?? null,
              column: i.column ?? null,
              column_name: i.columnName ?? null,
              message: i.message,
              path: i.path
            }))
          }
        }) + '\n'
      )
    return e instanceof UsageError || asFlag ? 2 : 1
  }
}

/** The process entry: real stdio, exit code set when done. Used by bin/pricelab.cjs and `node out/main/cli.js`. */
export function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const first = ON_WORKERS.get(argv[0])
  if (first && !argv.includes('--help') && !argv.includes('-h'))
    startEarly(workerScript(TRAINING_WORKER), trainingWorkerOptions(), first)
  return runCli(argv, {
    out: (s) => process.stdout.write(s),
    outBytes: (b) => process.stdout.write(b),
    err: (s) => process.stderr.write(s),
    isTTY: !!process.stderr.isTTY
  }).then((code) => {
    process.exitCode = code
  })
}

if (require.main === module) void main()
