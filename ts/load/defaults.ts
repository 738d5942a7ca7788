/** Every default and limit of the load generator, each with its reason, in one place. */
export const LOAD_DEFAULTS = {
  /** Loopback: fiblab measures servers on the same machine. */
  host: '127.0.0.1',
  /** The port every fiblab server and peer listens on unless told otherwise (the seed's 25000). */
  port: 25000,
  /** perf2.py drove one connection. */
  clients: 1,
  /** n=1 makes the run I/O-bound: it measures the server's round trip, not fib. */
  n: 1,
  /** Long enough for thousands of round trips, short enough to run every variant in a few minutes. */
  durationS: 5,
  /** Lets JIT, connection set-up and the server's pools settle before anything is counted. */
  warmupS: 1,
  /**
   * Requests still in flight at the end are not counted, but waiting for them leaves the server
   * idle for whatever is measured next; a client that is never answered cannot delay the end longer.
   */
  graceS: 2,
  /** On loopback a connect takes microseconds; 5 s only catches a full backlog or a wedged server. */
  connectTimeoutS: 5,
} as const;

/** Limits that options are checked against. */
export const LOAD_LIMITS = {
  /** Servers cap n at 78 (exact JS numbers); a larger n still provokes ERANGE, which is worth measuring. */
  maxN: 1000,
  /** Far above what 2 cores can serve; stops a typo from opening a million sockets. */
  maxClients: 10_000,
  /** A day; longer is a typo. */
  maxDurationS: 86_400,
  maxGraceS: 60,
  /** An open-loop rate below one request in ten seconds measures nothing in any sensible duration. */
  minRate: 0.1,
  /**
   * An open-loop rate (requests/s, one group) above this is a typo: ten times what loopback
   * round trips reach on the 2-core development machine. Whether this machine can keep a rate is
   * decided at run time (see rate-capacity.ts).
   */
  maxRate: 1_000_000,
} as const;

/** When a figure gets a warning instead of silent trust. */
export const WARNING_THRESHOLDS = {
  /** Below this many replies a group's p99 is a handful of samples. */
  minSamples: 100,
  /** A worker busier than this (event-loop utilisation) may be the ceiling, not the server. */
  saturation: 0.9,
  /**
   * Open loop: the generator's own lag at p50 or p99 above this share of the latency at the same
   * percentile is visible in the figure (the lag is part of every latency measured).
   */
  generatorLagShare: 0.1,
  /** Open loop: a rate achieved this far below the target is not the rate the figures claim. */
  rateShortfall: 0.05,
} as const;

/** Keeping several load hosts in step (`--load-host`). */
export const LOAD_HOST_LIMITS = {
  /**
   * The start instant is set this far ahead of the moment it is sent (ms), plus four times the
   * slowest host's clock error: long enough for a `start` line to cross any ssh connection in time.
   */
  startLeadMs: 300,
  /**
   * Hosts whose starts lie further apart than this share of the measured window are flagged: their
   * windows overlap less, so the merged rate and percentiles mix unequal stretches of time.
   */
  startSpreadShare: 0.01,
  /** Time a host's generator may take to start (node over ssh) and connect its clients, ms. */
  connectMs: 30_000,
  /** Time after the last host's grace period for every host's figures to arrive, ms. */
  figuresMarginMs: 15_000,
} as const;
