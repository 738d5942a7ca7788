/**
 * The strategy × process-model axes combined freely: a pair is named `MODEL+STRATEGY`
 * (`cluster+native-sync` is Go's shape: compute where the request was read, one process per
 * core). Every pair that makes sense runs; the others are refused with the reason. The named
 * variants of the registry are presets of these pairs.
 */
import { STRATEGY_NAMES, type StrategyName } from '../compute/index.js';
import { PROCESS_MODELS, type ProcessModel } from '../server/spec.js';

/** Strategies that hand fib to other threads or processes (the rest compute where the request was read). */
const OFFLOADING: ReadonlySet<StrategyName> = new Set<StrategyName>(
  STRATEGY_NAMES.filter((s) => s !== 'inline' && s !== 'native-sync'),
);

/** Why `model` × `strategy` is refused, or undefined when it runs. */
export function pairProblem(model: ProcessModel, strategy: StrategyName): string | undefined {
  if (model === 'sequential' && OFFLOADING.has(strategy)) {
    return `sequential is the seed's one_server, one connection and one computation at a time; ${strategy} would compute that connection's pipelined requests in parallel, a different model (use single+${strategy})`;
  }
  if ((model === 'cluster' || model === 'many') && strategy === 'process-pool') {
    return `${model} already runs a process per core; process-pool would fork children of its own in each (cores² processes, every request serialised twice): use ${model}+inline or ${model}+native-sync`;
  }
  return undefined;
}

/** A pair's name, `MODEL+STRATEGY`. */
export const pairName = (model: ProcessModel, strategy: StrategyName) => `${model}+${strategy}`;

/** A pair name taken apart; `problem` says why it is not a runnable pair (unknown part or refused). */
export type ParsedPair =
  | { ok: true; model: ProcessModel; strategy: StrategyName }
  | { ok: false; problem: string };

/** Parses `MODEL+STRATEGY`; undefined when `name` has no `+` at all (not meant as a pair). */
export function parsePair(name: string): ParsedPair | undefined {
  const plus = name.indexOf('+');
  if (plus < 0) return undefined;
  const model = name.slice(0, plus);
  const strategy = name.slice(plus + 1);
  if (!(PROCESS_MODELS as readonly string[]).includes(model)) {
    return {
      ok: false,
      problem: `unknown process model '${model}' in '${name}'; valid: ${PROCESS_MODELS.join(', ')}`,
    };
  }
  if (!(STRATEGY_NAMES as readonly string[]).includes(strategy)) {
    return {
      ok: false,
      problem: `unknown strategy '${strategy}' in '${name}'; valid: ${STRATEGY_NAMES.join(', ')}`,
    };
  }
  const problem = pairProblem(model as ProcessModel, strategy as StrategyName);
  return problem === undefined
    ? { ok: true, model: model as ProcessModel, strategy: strategy as StrategyName }
    : { ok: false, problem: `${name} is refused: ${problem}` };
}

/** Every runnable pair, models outermost (for help and tests). */
export function runnablePairs(): Array<{ model: ProcessModel; strategy: StrategyName }> {
  return PROCESS_MODELS.flatMap((model) =>
    STRATEGY_NAMES.filter((strategy) => pairProblem(model, strategy) === undefined).map((strategy) => ({
      model,
      strategy,
    })),
  );
}
