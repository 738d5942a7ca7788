/**
 * `--framing read`: every TypeScript variant and every peer answers the talk's own kind of
 * client (bare digits per send, one recv per reply, closed loop: test/helpers/talk-client.ts),
 * refuses what it cannot frame, and the line protocol stays the default.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fibReference } from '../ts/reference.js';
import { peerAvailability } from '../ts/variants/peers.js';
import { VARIANTS } from '../ts/variants/registry.js';
import { LineClient } from './helpers/line-client.js';
import { startServer, type TestServer } from './helpers/server-process.js';
import { TalkClient } from './helpers/talk-client.js';

const reply = (n: number) => `${fibReference(n)}\n`;

for (const variant of VARIANTS) {
  const availability = variant.kind === 'peer' ? await peerAvailability(variant) : { ok: true as const };
  if (!availability.ok) {
    test(`${variant.name} --framing read: skipped — ${availability.reason}`, {
      skip: availability.reason,
    }, () => {});
    continue;
  }
  describe(`${variant.name} --framing read`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(variant.name, ['--framing', 'read']);
    });
    after(async () => {
      assert.equal(await server.stop(), 0, 'exit status after SIGTERM');
    });

    // Each test closes its client before the next: `sequential` and `py-one` serve one at a time.
    test("the talk's perf2 loop: send(b'1'), recv, 200 times; then a spread of n", async () => {
      const client = await TalkClient.connect(server.port);
      for (let i = 0; i < 200; i++) assert.equal(await client.ask('1'), '1\n', `round ${i}`);
      for (const n of [0, 2, 10, 20, 25, 30])
        assert.equal(await client.ask(String(n)), reply(n), `fib(${n})`);
      await client.close();
    });

    test('a read holding a terminated line is that line; n\\r\\n too', async () => {
      const client = await TalkClient.connect(server.port);
      assert.equal(await client.ask('7\n'), reply(7));
      assert.equal(await client.ask('8\r\n'), reply(8));
      await client.close();
    });

    test('refused, never guessed: two numbers or garbage EINVAL, too big ERANGE, over-long ETOOLONG', async () => {
      const client = await TalkClient.connect(server.port);
      assert.match(await client.ask('1 2'), /^ERR EINVAL [^\n]*\n$/);
      assert.match(await client.ask('x'), /^ERR EINVAL [^\n]*\n$/);
      assert.match(await client.ask('-3'), /^ERR EINVAL [^\n]*\n$/);
      assert.match(await client.ask('99'), /^ERR ERANGE [^\n]*\n$/);
      // One reply for the whole over-long read, and the next read is a request of its own.
      assert.match(await client.ask('9'.repeat(40)), /^ERR ETOOLONG [^\n]*\n$/);
      assert.equal(await client.ask('5'), reply(5));
      await client.close();
    });
  });
}

describe('line framing stays the default', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer('event-loop');
  });
  after(async () => {
    assert.equal(await server.stop(), 0);
  });

  test('bare digits are not a request until their newline: "1" then "2\\n" is fib(12)', async () => {
    const client = await LineClient.connect(server.port);
    client.send('1');
    // The server has read the "1" once it answers this second connection's request.
    const other = await LineClient.connect(server.port);
    assert.equal(await other.ask('3\n'), '2');
    await other.close();
    assert.equal(await client.ask('2\n'), String(fibReference(12)));
    await client.close();
  });
});

describe('read framing under back-pressure (--max-pending 1)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer('event-loop', ['--framing', 'read', '--max-pending', '1']);
  });
  after(async () => {
    assert.equal(await server.stop(), 0);
  });

  test('a read the cap stops mid-way ends only when all of it is parsed', async () => {
    const client = await LineClient.connect(server.port);
    // ETOOLONG fills the cap 33 bytes into the read: the other 7 nines are still the same line.
    client.send('9'.repeat(40));
    assert.match((await client.next()) ?? '', /^ERR ETOOLONG /);
    assert.equal(await client.ask('5'), '5');
    // Three requests in one read, one reply owed at a time: the unterminated last one counts.
    client.send('1\n2\n3');
    assert.deepEqual(await client.take(3), ['1', '1', '2']);
    await client.close();
  });

  test('--framing read with --transport http is refused', async () => {
    await assert.rejects(
      startServer('event-loop', ['--framing', 'read', '--transport', 'http']),
      /framing read/,
    );
  });
});
