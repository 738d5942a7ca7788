/** `fiblab serve`: flags from the server option table, or a server handed over by a parent fiblab process. */

import { type CommandSpec, type FlagSpec, runCommand, UsageError } from '../cli/command.js';
import { oneOfFlag } from '../cli/values.js';
import { STRATEGY_NAMES } from '../compute/index.js';
import { runForwardingSignals } from '../launch/child-server.js';
import { serveCommand, startServer, variantOptions } from '../launch/serve-command.js';
import { takeHandoff } from '../server/handoff.js';
import { SERVE_OPTIONS, type ServerOptions, serverOptionsFromFlags } from '../server/options.js';
import { runCluster } from '../server/process-models/cluster.js';
import { runMany } from '../server/process-models/many.js';
import { runSingleProcess } from '../server/process-models/single.js';
import { MANAGED_CHILD } from '../server/signals.js';
import { PROCESS_MODELS, type ServerSpec } from '../server/spec.js';
import { peerCommand } from '../variants/peers.js';
import { findVariant, VARIANTS, type Variant, variantProblem } from '../variants/registry.js';

const flags: Record<string, FlagSpec> = {
  variant: {
    type: 'string',
    value: 'NAME',
    help: `a preset: ${VARIANTS.filter((v) => v.kind === 'ts')
      .map((v) => v.name)
      .join(', ')};\na peer: ${VARIANTS.filter((v) => v.kind === 'peer')
      .map((v) => v.name)
      .join(', ')}; or MODEL+STRATEGY`,
    shownDefault: 'event-loop',
  },
  strategy: {
    type: 'string',
    value: 'S',
    help: `where fib runs: ${STRATEGY_NAMES.join(', ')}`,
    shownDefault: 'inline',
  },
  'process-model': {
    type: 'string',
    value: 'P',
    help: `how processes are arranged: ${PROCESS_MODELS.join(', ')}`,
    shownDefault: 'single',
  },
};
for (const o of SERVE_OPTIONS) {
  flags[o.flag] = {
    type: 'string',
    value: o.value,
    help: o.help,
    shownDefault: o.default === undefined ? undefined : o.show(o.default as never),
  };
}

/** `fiblab serve`'s flags and help. */
export const SERVE_COMMAND: CommandSpec<typeof flags> = {
  name: 'fiblab serve',
  synopsis: 'fiblab serve [VARIANT | --variant NAME | --strategy S --process-model P] [options]',
  maxPositionals: 1,
  description: `Starts one server variant speaking the fiblab line protocol. Prints one readiness line
("fiblab listening host=... port=... variant=... pid=...") once it accepts connections.
SIGINT/SIGTERM shut it down gracefully; a second signal exits at once.
The variant may also come first, as in 'fiblab serve answer'.
The two axes combine freely: --strategy S --process-model P (or --variant P+S) runs any pair
that makes sense, and refuses the others with the reason; the named variants are presets.`,
  flags,
  epilogue: `Durations take a unit: 10s, 500ms, 2m (a bare number is seconds).
The peers (py-*, go) honour --host, --port and --max-n; py-process and py-subinterpreters also
--workers, py-many --instances. The other limits are the TypeScript server core's.`,
};

/** Runs `fiblab serve`; resolves with the exit status. */
export function serveCli(argv: string[]): Promise<number> {
  return runCommand(SERVE_COMMAND, argv, async (values, positionals) => {
    const handed = takeHandoff();
    if (handed !== undefined) {
      if (argv.length > 0) throw new UsageError('a handed-over server (FIBLAB_SERVE) takes no flags');
      return serve(handed.spec, handed.options);
    }
    const [named] = positionals;
    if (named !== undefined && values.variant !== undefined)
      throw new UsageError(`give the variant as '${named}' or with --variant, not both`);
    const variant = chosenVariant(named ?? values.variant, values.strategy, values['process-model']);
    // The flags over the variant's own options (its preset's, else the defaults).
    const options = serverOptionsFromFlags(
      values as Record<string, string | undefined>,
      variantOptions(variant),
    );
    if (variant.kind === 'peer') {
      const { command, args } = await peerCommand(variant, options);
      return runForwardingSignals(command, args);
    }
    return serve(variant, options);
  });
}

/** The variant the flags name: --variant (a preset, peer or pair), or --strategy × --process-model. */
function chosenVariant(
  name: string | undefined,
  strategy: string | undefined,
  model: string | undefined,
): Variant {
  if (name !== undefined && (strategy !== undefined || model !== undefined))
    throw new UsageError('give --variant, or --strategy/--process-model, not both');
  const wanted =
    strategy !== undefined || model !== undefined
      ? `${model === undefined ? 'single' : oneOfFlag('process-model', model, PROCESS_MODELS)}+${strategy === undefined ? 'inline' : oneOfFlag('strategy', strategy, STRATEGY_NAMES)}`
      : (name ?? 'event-loop');
  const variant = findVariant(wanted);
  if (variant === undefined) throw new UsageError(variantProblem(wanted) ?? `unknown variant '${wanted}'`);
  return variant;
}

async function serve(spec: ServerSpec, options: ServerOptions): Promise<number> {
  if (options.uvThreadpoolSize !== undefined) {
    // Bun and Deno run N-API async work on their own thread pools: the flag would do nothing.
    const other =
      process.versions.bun !== undefined ? 'Bun' : process.versions.deno !== undefined ? 'Deno' : '';
    if (other !== '') {
      throw new UsageError(
        `--uv-threadpool-size has no effect on ${other}: it runs N-API async work on its own pool, not libuv's`,
      );
    }
    // libuv sizes its pool once, at first use, from the environment it started with.
    const size = String(options.uvThreadpoolSize);
    if (process.env.UV_THREADPOOL_SIZE !== size) {
      const again = await serveCommand(spec, 'self', options);
      // The child ignores the group's Ctrl-C; this parent stops it (SIGTERM, then SIGKILL).
      return runForwardingSignals(
        again.command,
        again.args,
        { ...process.env, ...again.env, ...MANAGED_CHILD, UV_THREADPOOL_SIZE: size },
        { managed: true },
      );
    }
  }
  switch (spec.processModel) {
    case 'single':
    case 'sequential':
      return runSingleProcess(spec, options);
    case 'cluster':
      return runCluster(spec, options);
    case 'many':
      return runMany(spec, options, async (instance, instanceOptions) => {
        const server = await startServer(await serveCommand(instance, 'self', instanceOptions), {
          timeoutMs: 15_000,
          stderr: 'inherit',
          env: MANAGED_CHILD,
        });
        return {
          ports: server.readiness.ports,
          stop: () => server.stop(instanceOptions.shutdownTimeoutMs + 1000),
          kill: () => server.child.kill('SIGKILL'),
        };
      });
  }
}
