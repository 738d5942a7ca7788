/**
 * How a fiblab process hands a server to a child it launches (compare, the tests, `many`'s
 * instances, cluster workers): the spec and the already parsed options travel once, as JSON in
 * one environment variable, and the child runs them as they are. Nothing is turned back into
 * flags and parsed again.
 */
import { STRATEGY_NAMES } from '../compute/index.js';
import { type ServerOptions, validateServerOptions } from './options.js';
import { PROCESS_MODELS, type ServerSpec } from './spec.js';

/** The environment variable that carries a handed-over server. */
export const HANDOFF_ENV = 'FIBLAB_SERVE';

/** What a child server receives. */
export interface Handoff {
  spec: ServerSpec;
  options: ServerOptions;
}

/** The environment entry that hands `spec` with `options` to a child. */
export function handoffEnv(spec: ServerSpec, options: ServerOptions): Record<string, string> {
  const { name, strategy, processModel } = spec;
  return { [HANDOFF_ENV]: JSON.stringify({ spec: { name, strategy, processModel }, options }) };
}

/**
 * The server handed to this process, if any. The variable is removed once read, so processes
 * this server starts in turn (pool children) do not take it for their own.
 */
export function takeHandoff(env: NodeJS.ProcessEnv = process.env): Handoff | undefined {
  const text = env[HANDOFF_ENV];
  if (text === undefined) return undefined;
  delete env[HANDOFF_ENV];
  const { spec, options } = JSON.parse(text) as { spec?: Partial<ServerSpec>; options?: unknown };
  if (
    typeof spec?.name !== 'string' ||
    !STRATEGY_NAMES.includes(spec.strategy as never) ||
    !PROCESS_MODELS.includes(spec.processModel as never)
  ) {
    throw new Error(`${HANDOFF_ENV} holds no valid server spec: ${text.slice(0, 200)}`);
  }
  return { spec: spec as ServerSpec, options: validateServerOptions(options) };
}
