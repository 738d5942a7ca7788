/**
 * Not a test: measures issue 11's targets on this machine (run by hand:
 * `node --import tsx test/hostile/measure-targets.ts [variant...]`): server RSS with 1,024
 * clients flooding bare newlines without reading, and fds/RSS before and after 10,000
 * connect–RST cycles.
 */
import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { connect, cpuNow, openFds, rssMiB, startGroupServer, treeRssMiB } from './helpers.js';

async function quiet(pid: number): Promise<void> {
  let last = -1;
  for (let i = 0; i < 200; i++) {
    const now = cpuNow(pid);
    if (now === last) return;
    last = now;
    await delay(300);
  }
}

function reset(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' }, () => {
      socket.write('25\n');
      socket.resetAndDestroy();
    });
    socket.on('error', () => {});
    socket.once('close', () => resolve());
  });
}

for (const variant of process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['event-loop']) {
  const server = await startGroupServer(variant, ['--workers', '2', '--max-connections', '1100']);
  const before = treeRssMiB(server.pid);
  const flood = Buffer.alloc(1024 * 1024, '\n');
  const sockets: net.Socket[] = [];
  for (let i = 0; i < 1024; i++) {
    const socket = await connect(server.port);
    socket.pause();
    socket.write(flood);
    sockets.push(socket);
  }
  await quiet(server.pid);
  const flooded = treeRssMiB(server.pid);
  for (const socket of sockets) socket.destroy();
  await quiet(server.pid);
  const fds0 = openFds(server.pid);
  const rss0 = rssMiB(server.pid);
  for (let i = 0; i < 10_000; i += 50)
    await Promise.all(Array.from({ length: 50 }, () => reset(server.port)));
  await quiet(server.pid);
  console.log(
    `${variant}: RSS ${before.toFixed(0)} MiB → ${flooded.toFixed(0)} MiB with 1,024 clients × 1 MiB of bare newlines, unread; ` +
      `10,000 connect–RST: fds ${fds0} → ${openFds(server.pid)}, RSS ${rss0.toFixed(0)} → ${rssMiB(server.pid).toFixed(0)} MiB`,
  );
  await server.stop();
}
