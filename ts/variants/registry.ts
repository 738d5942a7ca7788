/**
 * THE variant registry: every server fiblab can start, by the name `fiblab serve --variant`
 * takes. A TypeScript variant is a named preset of compute strategy × process model; a peer is
 * the seed's own server in Python, or Go.
 */
import type { StrategyName } from '../compute/strategy.js';
import type { ServerOptions } from '../server/options.js';
import type { ProcessModel, ServerSpec } from '../server/spec.js';
import { pairName, parsePair } from './pairs.js';

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
export interface TsVariant extends VariantBase, ServerSpec {
  kind: 'ts';
  /** Options this preset runs with unless a flag says otherwise (e.g. the answer's --inline-below auto). */
  preset?: Partial<ServerOptions>;
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

function isolationOf(strategy: StrategyName, processModel: ProcessModel): CpuIsolation {
  if (processModel === 'sequential') return 'not-served';
  if (processModel === 'cluster' || processModel === 'many') return 'answered-first';
  return strategy === 'inline' || strategy === 'native-sync' ? 'answered-after' : 'answered-first';
}

export const ts = (v: Omit<TsVariant, 'kind' | 'isolation'>): TsVariant => ({
  kind: 'ts',
  ...v,
  isolation: isolationOf(v.strategy, v.processModel),
});
const peer = (v: Omit<PeerVariant, 'kind'>): PeerVariant => ({ kind: 'peer', ...v });

/** fiblab's own answer (issue 13): the variant the compare report sets beside Go and the seed's rows. */
export const ANSWER_VARIANT = 'answer';

/** Every variant, in the order tables show them. The single source of truth for names. */
export const VARIANTS: readonly Variant[] = [
  ts({
    name: 'sequential',
    strategy: 'inline',
    processModel: 'sequential',
    seedRow: 'one_server',
    description: 'one connection at a time; a second client waits unserved until the first leaves',
  }),
  ts({
    name: 'event-loop',
    strategy: 'inline',
    processModel: 'single',
    seedRow: 'async_server',
    description: 'fib in JS on the event loop: concurrency without parallelism, CPU work blocks everyone',
  }),
  ts({
    name: 'worker-per-connection',
    strategy: 'worker-per-connection',
    processModel: 'single',
    seedRow: 'thread_server',
    description:
      'a dedicated worker thread per connection: parallel (no GIL), but each client pays a thread start',
  }),
  ts({
    name: 'pool',
    strategy: 'pool',
    processModel: 'single',
    seedRow: 'subinterpreters_server',
    description: 'a piscina pool of worker threads (V8 isolates), one per core',
  }),
  ts({
    name: 'process-pool',
    strategy: 'process-pool',
    processModel: 'single',
    seedRow: 'multiprocess_server',
    description: 'forked child processes compute fib over IPC: parallel, but every request is serialised',
  }),
  ts({
    name: 'cluster',
    strategy: 'inline',
    processModel: 'cluster',
    seedRow: 'many_server',
    description: 'node:cluster: one event-loop process per core sharing one port',
  }),
  ts({
    name: 'many',
    strategy: 'inline',
    processModel: 'many',
    seedRow: 'many_server',
    description: 'independent event-loop processes on ports P..P+N-1, clients split between them',
  }),
  ts({
    name: 'native-sync',
    strategy: 'native-sync',
    processModel: 'single',
    seedRow: undefined,
    description: 'the Rust addon on the event loop: compiled speed, still blocks every client',
  }),
  ts({
    name: 'native-async',
    strategy: 'native-async',
    processModel: 'single',
    seedRow: 'go_server',
    description:
      "the Rust addon on libuv's thread pool: compiled code on real threads, the JS thread stays free",
  }),
  ts({
    name: ANSWER_VARIANT,
    strategy: 'native-pool',
    processModel: 'cluster',
    seedRow: undefined,
    preset: { inlineBelow: 'auto' },
    description:
      "fiblab's own answer: a process per core (cluster); in each, the addon's fib on the event loop for small n, on a Rust-owned pool (fair per connection) for the rest",
  }),
  peer({
    name: 'py-one',
    language: 'python',
    mode: 'one',
    counterpart: 'sequential',
    seedRow: 'one_server',
    isolation: 'not-served',
    description: "the seed's one_server: blocking sockets, one client at a time",
  }),
  peer({
    name: 'py-thread',
    language: 'python',
    mode: 'thread',
    counterpart: 'worker-per-connection',
    seedRow: 'thread_server',
    isolation: 'unordered',
    description: 'a thread per connection; the GIL lets one of them compute at a time',
  }),
  peer({
    name: 'py-process',
    language: 'python',
    mode: 'process',
    counterpart: 'process-pool',
    seedRow: 'multiprocess_server',
    isolation: 'answered-first',
    description: 'a thread per connection, fib in a ProcessPoolExecutor (one process per core)',
  }),
  peer({
    name: 'py-async',
    language: 'python',
    mode: 'async',
    counterpart: 'event-loop',
    seedRow: 'async_server',
    isolation: 'answered-after',
    description: 'asyncio streams, fib inline on the event loop',
  }),
  peer({
    name: 'py-many',
    language: 'python',
    mode: 'many',
    counterpart: 'many',
    seedRow: 'many_server',
    // Each instance is a one_server: per port, one client at a time.
    isolation: 'not-served',
    description: 'two independent one_server processes on two ports, clients split between them',
  }),
  peer({
    name: 'py-subinterpreters',
    language: 'python',
    mode: 'subinterpreters',
    counterpart: 'pool',
    seedRow: 'subinterpreters_server',
    isolation: 'answered-first',
    description: 'a thread per connection, fib in subinterpreters with their own GIL (CPython ≥ 3.12)',
  }),
  peer({
    name: 'go',
    language: 'go',
    mode: '',
    counterpart: 'native-async',
    seedRow: 'go_server',
    isolation: 'answered-first',
    description: "the seed's go_server: a goroutine per connection",
  }),
];

/**
 * The variant called `name`: a preset of the registry, or a pair `MODEL+STRATEGY` (pairs.ts);
 * undefined for an unknown name or a refused pair ({@link variantProblem} says why).
 */
export function findVariant(name: string): Variant | undefined {
  const found = VARIANTS.find((variant) => variant.name === name);
  if (found !== undefined) return found;
  const pair = parsePair(name);
  if (pair?.ok !== true) return undefined;
  return ts({
    name: pairName(pair.model, pair.strategy),
    strategy: pair.strategy,
    processModel: pair.model,
    seedRow: undefined,
    description: `the ${pair.strategy} strategy in the ${pair.model} process model`,
  });
}

/** Why `name` is no variant (unknown, or a refused pair), in one line; undefined when it is one. */
export function variantProblem(name: string): string | undefined {
  if (findVariant(name) !== undefined) return undefined;
  const pair = parsePair(name);
  if (pair !== undefined && !pair.ok) return pair.problem;
  return `unknown variant '${name}'; valid: ${VARIANTS.map((v) => v.name).join(', ')}, or MODEL+STRATEGY (e.g. cluster+native-sync)`;
}

/** The strategy × model pairs among `names` (presets and unknown names left out), as variants. */
export function pairsAmong(names: readonly string[]): Variant[] {
  return [...new Set(names)]
    .filter((name) => !VARIANTS.some((v) => v.name === name))
    .flatMap((name) => findVariant(name) ?? []);
}
