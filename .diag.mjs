import { createRequire } from 'node:module';
const native = createRequire(import.meta.url)('./packages/native/index.js');
const pool = new native.FibPool();
const fixed = new native.FibPool({ spinMicros: 50 });
await pool.fib(20); await fixed.fib(20);
const gap = +process.argv[2] || 5;
for (const [name, p] of [['adaptive', pool], ['fixed50', fixed], ['adaptive', pool], ['fixed50', fixed]]) {
  const rows = [];
  for (let r = 0; r < 20; r++) {
    await new Promise((res) => setTimeout(res, gap));
    const s0 = { ...p.spin };
    const times = [];
    for (let i = 0; i < 100; i++) { const t = performance.now(); await p.fib(1); times.push((performance.now() - t) * 1000); }
    const s1 = p.spin;
    const slow = times.map((t, i) => [i, t]).filter(([, t]) => t > 12).map(([i, t]) => `${i}:${t.toFixed(0)}`);
    rows.push(`mean ${(times.reduce((a, b) => a + b) / 100).toFixed(1)} parks ${s1.parks - s0.parks} hits ${s1.hits - s0.hits} misses ${s1.misses - s0.misses} slow[${slow.join(' ')}]`);
  }
  console.log(name, 'budget', p.spin.budgetMicros.toFixed(0), 'wake', p.spin.wakeMicros?.toFixed(1)); console.log(rows.slice(0, 8).join('\n'));
}
await pool.close(); await fixed.close();
