import type { StrategyName } from '../compute/strategy.js';

/** How server processes are arranged: the process-model axis. */
export type ProcessModel = 'single' | 'sequential' | 'cluster' | 'many';

/** The seed talk's servers, by the names its tables use. */
export type SeedRow =
  | 'one_server'
  | 'thread_server'
  | 'multiprocess_server'
  | 'many_server'
  | 'go_server'
  | 'async_server'
  | 'subinterpreters_server';

/**
 * What the model guarantees to a client sending n=1 while another client's long fib runs:
 * answered first (parallel), answered after it (the event loop is blocked), not served at
 * all while the other client is connected (sequential), or no order promised (Python threads
 * interleave under the GIL). Tests assert exactly this, by order of arrival.
 */
export type CpuIsolation = 'answered-first' | 'answered-after' | 'not-served' | 'unordered';

interface VariantBase {
  /** The name `fiblab serve --variant` takes. */
  name: string;
  isolation: CpuIsolation;
  /** The seed row it rebuilds, or undefined for fiblab's own additions. */
  seedRow: SeedRow | undefined;
  /** One line: how it works and what it shows. */
  description: string;
}

/** A TypeScript server: one compute strategy in one process model. */
export interface TsVariant extends VariantBase {
  kind: 'ts';
  strategy: StrategyName;
  processModel: ProcessModel;
}

/** A reference peer: the seed's own model in Python, or Go, speaking the same protocol. */
export interface PeerVariant extends VariantBase {
  kind: 'peer';
  language: 'python' | 'go';
  /** The peer program's mode argument (Python) or '' (Go). */
  mode: string;
  /** The TypeScript variant the tables put it next to. */
  counterpart: string;
}

/** Any server fiblab can start. */
export type Variant = TsVariant | PeerVariant;

const ts = (
  name: string,
  strategy: StrategyName,
  processModel: ProcessModel,
  seedRow: SeedRow | undefined,
  description: string,
): TsVariant => ({
  kind: 'ts',
  name,
  strategy,
  processModel,
  seedRow,
  description,
  isolation: isolationOf(strategy, processModel),
});

function isolationOf(strategy: StrategyName, processModel: ProcessModel): CpuIsolation {
  if (processModel === 'sequential') return 'not-served';
  if (processModel === 'cluster' || processModel === 'many') return 'answered-first';
  return strategy === 'inline' || strategy === 'native-sync' ? 'answered-after' : 'answered-first';
}

/** Every variant, in the order tables show them. The single source of truth for names. */
export const VARIANTS: readonly Variant[] = [
  ts(
    'sequential',
    'inline',
    'sequential',
    'one_server',
    'one connection at a time; a second client waits unserved until the first leaves',
  ),
  ts(
    'event-loop',
    'inline',
    'single',
    'async_server',
    'fib in JS on the event loop: concurrency without parallelism, CPU work blocks everyone',
  ),
  ts(
    'worker-per-connection',
    'worker-per-connection',
    'single',
    'thread_server',
    'a dedicated worker thread per connection: parallel (no GIL), but each client pays a thread start',
  ),
  ts(
    'pool',
    'pool',
    'single',
    'subinterpreters_server',
    'a piscina pool of worker threads (V8 isolates), one per core',
  ),
  ts(
    'process-pool',
    'process-pool',
    'single',
    'multiprocess_server',
    'forked child processes compute fib over IPC: parallel, but every request is serialised',
  ),
  ts(
    'cluster',
    'inline',
    'cluster',
    'many_server',
    'node:cluster: one event-loop process per core sharing one port',
  ),
  ts(
    'many',
    'inline',
    'many',
    'many_server',
    'independent event-loop processes on ports P..P+N-1, clients split between them',
  ),
  ts(
    'native-sync',
    'native-sync',
    'single',
    undefined,
    'the Rust addon on the event loop: compiled speed, still blocks every client',
  ),
  ts(
    'native-async',
    'native-async',
    'single',
    'go_server',
    "the Rust addon on libuv's thread pool: compiled code on real threads, the JS thread stays free",
  ),
];

/** The variant called `name`, or undefined. */
export function findVariant(name: string): Variant | undefined {
  return VARIANTS.find((variant) => variant.name === name);
}
