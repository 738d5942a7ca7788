/**
 * The baseline: the smallest hand-written `net` server that speaks the line protocol. Every real
 * variant is compared against it. `node --import tsx bench/minimal-server.ts [--port 0]`.
 */
import net from 'node:net';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { port: { type: 'string', default: '25000' } } });
const fib = (n: number): number => (n <= 2 ? (n === 0 ? 0 : 1) : fib(n - 1) + fib(n - 2));

const server = net.createServer({ noDelay: true }, (socket) => {
  let pending = '';
  socket.setEncoding('latin1');
  socket.on('error', () => {}); // a client leaving mid-request is its business, not a crash
  socket.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    let out = '';
    for (const line of lines) {
      const text = line.endsWith('\r') ? line.slice(0, -1) : line;
      const n = /^\d{1,2}$/.test(text) ? Number(text) : Number.NaN;
      out += Number.isNaN(n)
        ? 'ERR EINVAL not a number\n'
        : n > 40
          ? 'ERR ERANGE n above 40\n'
          : `${fib(n)}\n`;
    }
    if (out) socket.write(out);
  });
});

server.listen(Number(values.port), '127.0.0.1', () => {
  const { port } = server.address() as net.AddressInfo;
  console.log(`fiblab listening host=127.0.0.1 port=${port} variant=minimal pid=${process.pid}`);
});
process.once('SIGTERM', () => process.exit(0));
