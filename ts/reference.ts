/** Exact fib(n) by iteration in BigInt: the independent reference that tests and the load generator check against. */
export function fibReference(n: number): bigint {
  let a = 0n;
  let b = 1n;
  for (let i = 0; i < n; i++) [a, b] = [b, a + b];
  return a;
}
