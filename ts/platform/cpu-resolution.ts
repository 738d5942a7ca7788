/**
 * When a CPU reading's clock is fine enough for a window. A sampler whose clock steps this
 * coarsely (procps `ps`: whole seconds) can read a window's CPU as 0 or double it. Its figure is
 * kept only when the window used at least MIN_CPU_STEPS steps (the difference of two readings is
 * off by under one step: within 5 %, the precision asked of a ratio); below that the figure is
 * n/a (`CPU in 1 s steps`). Finer clocks (/proc's 10 ms, macOS ps's 10 ms, Windows' 15.6 ms) are
 * kept as they are. Compare's slices (CPU per reply) and the noise's server share use this rule.
 */
export const COARSE_CPU_STEP_MS = 100;
export const MIN_CPU_STEPS = 20;

/** Whether a clock of `stepMs` steps reads any window's CPU finely enough. */
export const cpuReadingFine = (stepMs: number): boolean => stepMs < COARSE_CPU_STEP_MS;

/** Whether a window's CPU reading of `cpuMs` is fine enough to keep at the sampler's `stepMs`. */
export const cpuReadingKept = (cpuMs: number, stepMs: number): boolean =>
  cpuReadingFine(stepMs) || cpuMs >= MIN_CPU_STEPS * stepMs;

/** A step in words: `1 s`, `10 ms`. */
export const stepWords = (stepMs: number): string => (stepMs >= 1000 ? `${stepMs / 1000} s` : `${stepMs} ms`);

/** Why a reading too coarse for its window is n/a: said beside it. */
export const coarseReason = (stepMs: number): string => `CPU in ${stepWords(stepMs)} steps`;
