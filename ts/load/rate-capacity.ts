/**
 * Whether this machine's generator can keep an open-loop rate. One worker thread writes and reads
 * every request of its connections: one write and one read each. A ping-pong of one thread with
 * itself over loopback does that work twice per round trip (the client's write and read, the
 * echo's read and write), so a worker cannot keep more than twice the ping-pong rate; above that
 * its own lag grows without bound and the figures would measure the generator, not the server,
 * so the rate is refused with the reason. The ping-pong is measured once per process (best of
 * five 40 ms bursts, so a busy moment does not refuse a rate the machine can keep); below the
 * bound the generator's lag is measured and reported, and warned about when it shows.
 */
import net from 'node:net';
import { optionsError } from './errors.js';
import type { LoadPlan } from './plan.js';

const BURST_MS = 40;
const BURSTS = 5;
/** A worker's socket work per request is half a self ping-pong's (see above). */
const REQUESTS_PER_ROUND_TRIP = 2;

let measured: Promise<number> | undefined;

/** Round trips per second one thread manages against itself over loopback (best of a few bursts). */
export function selfPingPongRate(): Promise<number> {
  measured ??= measurePingPong();
  return measured;
}

async function measurePingPong(): Promise<number> {
  const server = net.createServer((socket) => socket.on('data', (chunk) => socket.write(chunk)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const client = net.connect({ host: '127.0.0.1', port, noDelay: true });
  await new Promise<void>((resolve, reject) => client.once('connect', resolve).once('error', reject));
  try {
    let best = 0;
    for (let burst = 0; burst < BURSTS; burst++) {
      const rate = await new Promise<number>((resolve) => {
        let trips = 0;
        const started = performance.now();
        const onData = () => {
          trips++;
          const elapsed = performance.now() - started;
          if (elapsed < BURST_MS) client.write('1\n');
          else {
            client.off('data', onData);
            resolve((trips * 1000) / elapsed);
          }
        };
        client.on('data', onData);
        client.write('1\n');
      });
      best = Math.max(best, rate);
    }
    return best;
  } finally {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Requests per second each worker must send: its open-loop connections' shares of their groups' rates. */
export function ratePerWorker(plan: LoadPlan): number[] {
  const perWorker = new Array<number>(plan.workers).fill(0);
  for (const c of plan.clients) {
    const g = plan.groups[c.group];
    if (g?.rate !== undefined) perWorker[c.worker] = (perWorker[c.worker] ?? 0) + g.rate / g.clients;
  }
  return perWorker;
}

/** Throws ERR_LOAD_OPTIONS, with the reason, when a worker's share of the rate is above what one thread can keep. */
export async function checkRateCapacity(plan: LoadPlan): Promise<void> {
  const busiest = Math.max(0, ...ratePerWorker(plan));
  if (busiest === 0) return;
  const pingPong = await selfPingPongRate();
  if (busiest > REQUESTS_PER_ROUND_TRIP * pingPong) {
    const round = (x: number) => Math.round(x).toLocaleString('en-US');
    throw optionsError(
      `this machine cannot keep that rate: a worker thread would send ${round(busiest)} requests/s, ` +
        `more than twice the ${round(pingPong)} round trips/s one thread manages against itself over ` +
        'loopback (its own lag would grow without bound); spread it over more connections and workers ' +
        '(-c, --workers) or lower it',
    );
  }
}
