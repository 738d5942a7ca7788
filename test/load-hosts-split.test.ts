/**
 * A run spread over load hosts does one generator's work, no more and no less: each group's
 * connections are cut into shares that cover it once, the totals stay even, and every connection
 * keeps the number, port and place in the open-loop schedule it has in a single generator's plan.
 * A host's clock offset comes from its quickest exchange.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { clockOffset } from '../ts/load/host-clock.js';
import { clientsOf, splitAcrossHosts } from '../ts/load/host-split.js';
import { planLoad } from '../ts/load/plan.js';
import type { LoadOptions } from '../ts/load/types.js';

const groupsArb = fc.array(
  fc.record({
    n: fc.integer({ min: 0, max: 30 }),
    clients: fc.integer({ min: 1, max: 40 }),
    rate: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
  }),
  { minLength: 1, maxLength: 4 },
);

const withoutWorker = <T extends { worker: number }>({ worker: _w, ...rest }: T) => rest;

test('property: the hosts’ shares cover every group once, evenly, each host with a client at least', () => {
  fc.assert(
    fc.property(groupsArb, fc.integer({ min: 1, max: 8 }), (groups, hosts) => {
      const options: LoadOptions = {
        groups: groups.map((g) => (g.rate === undefined ? { n: g.n, clients: g.clients } : g)),
        ports: [25000, 25001, 25002],
      };
      const total = groups.reduce((s, g) => s + g.clients, 0);
      fc.pre(hosts <= total);
      const parts = splitAcrossHosts(options, hosts);
      assert.equal(parts.length, hosts);
      const counts = parts.map(clientsOf);
      assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `uneven: ${counts}`);
      assert.ok(Math.min(...counts) >= 1);
      groups.forEach((g, i) => {
        let next = 0;
        for (const p of parts) {
          const share = p.groups[i]?.share;
          assert.ok(share !== undefined);
          assert.equal(share.first, next, 'contiguous');
          next += share.count;
          assert.equal(p.groups[i]?.clients, g.clients, 'the group keeps its size');
          assert.equal(p.groups[i]?.rate, g.rate, 'and its whole rate: the schedule is the group’s');
        }
        assert.equal(next, g.clients, 'covered once');
      });
      // Together the hosts' plans are the single generator's plan, client for client.
      const single = planLoad(options, 4).clients.map(withoutWorker);
      const spread = parts
        .flatMap((p) => planLoad(p, 4).clients.map(withoutWorker))
        .sort((a, b) => a.client - b.client);
      assert.deepEqual(spread, single);
    }),
    { numRuns: 200 },
  );
});

test('more hosts than clients is refused with the reason', () => {
  assert.throws(() => splitAcrossHosts({ groups: [{ n: 1, clients: 2 }] }, 3), {
    code: 'ERR_LOAD_OPTIONS',
    message: /3 load hosts need at least 3 clients \(one each\), got 2/,
  });
});

test('--workers is each host’s, never more than its clients', () => {
  const parts = splitAcrossHosts({ groups: [{ n: 1, clients: 5 }], workers: 4 }, 2);
  assert.deepEqual(
    parts.map((p) => p.workers),
    [3, 2],
  );
});

test('a share outside its group is refused', () => {
  assert.throws(() => planLoad({ groups: [{ n: 1, clients: 2, share: { first: 1, count: 2 } }] }), {
    code: 'ERR_LOAD_OPTIONS',
  });
});

test('the clock offset comes from the quickest exchange; half its round trip is the error', () => {
  const offset = clockOffset([
    { sentAt: 1000, remote: 5100, receivedAt: 1080 }, // slow: 80 ms round trip
    { sentAt: 2000, remote: 6002, receivedAt: 2004 }, // quickest: the host reads 4000 ms ahead
    { sentAt: 3000, remote: 7030, receivedAt: 3040 },
  ]);
  assert.deepEqual(offset, { offsetMs: 4000, errorMs: 2 });
  assert.throws(() => clockOffset([]), /no clock sample/);
});
