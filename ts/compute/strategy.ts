/** Where fib(n) runs: the compute-strategy axis. One file per strategy in this folder. */

/** Names of the compute strategies (DESIGN.md, "The three axes"). */
export type StrategyName =
  | 'inline'
  | 'native-sync'
  | 'native-async'
  | 'native-pool'
  | 'pool'
  | 'worker-per-connection'
  | 'process-pool';

/** What a strategy computes for one connection. */
export interface ConnectionCompute {
  /**
   * fib(n) for an already validated n: a number when computed on the spot, a promise when
   * computed elsewhere. A rejection becomes `ERR EINTERNAL` for that request only.
   */
  compute(n: number): number | Promise<number>;
  /** The connection is gone: cancel what can be cancelled and free what it holds. */
  release(): void;
}

/** A compute strategy, shared by all connections of one server process. */
export interface ComputeStrategy {
  readonly name: StrategyName;
  /** Facts for the readiness line and reports, e.g. `{ workers: 2 }`. */
  readonly details: Readonly<Record<string, string | number>>;
  /** Per-connection handle; called once per accepted connection. */
  connect(): ConnectionCompute;
  /**
   * The fib this strategy uses when it answers on the event loop instead (--inline-below): its
   * own kind of code (Rust for the addon's strategies); JS fib when absent.
   */
  readonly inlineFib?: (n: number) => number;
  /** Ends every worker or child process; called once, after the last connection closed. */
  close(): Promise<void>;
}

/** Options every strategy factory receives (each uses what applies to it). */
export interface StrategyOptions {
  /** Worker threads or child processes of a pool. */
  workers: number;
  /** Pending requests per connection: bounds per-connection queues (and listener counts). */
  maxPendingPerConnection: number;
}

/** Error of a computation that did not produce a value: the wire gets `ERR EINTERNAL`. */
export class ComputeError extends Error {
  readonly code = 'EINTERNAL';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ComputeError';
  }
}
