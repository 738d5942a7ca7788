/**
 * The file piscina loads in each pool thread, CommonJS on purpose; it loads the task itself
 * (fib-worker.js, an ES module) with import().
 *
 * piscina loads a task file with require() first. On Node 20.19+ and 22.12+ require() takes an
 * ES module too, synchronously, and a thread terminated while require() links one aborts the
 * whole process (Node 20.20: "FATAL ERROR: v8::Module::IsGraphAsync"; Node 24: "Assertion failed
 * … CreateRequiredModuleFacade"). A pool terminates starting threads on a stop soon after its
 * start and when it replaces a thread stopped for a client that left. Loading CommonJS, and the
 * ES module through import(), is ended cleanly by a termination on every runtime.
 * (`npm run soak:pool-stops` checks it.)
 */
type Fib = (n: number) => number;

let fib: Fib | undefined;
const loading: Promise<Fib> = import('./fib-worker.js').then((module) => {
  fib = module.default;
  return fib;
});
// A failed load is the first task's error (it awaits `loading`), not an unhandled rejection.
loading.catch(() => {});

/** fib(n): directly once the task module is loaded, after the load for the tasks that came first. */
export = function run(n: number): number | Promise<number> {
  return fib !== undefined ? fib(n) : loading.then((loaded) => loaded(n));
};
