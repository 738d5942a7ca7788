/**
 * The kernel's view of loopback TCP sockets (Linux /proc/net/tcp): bytes queued in each
 * direction and the listening addresses. It shows what a server has *not* read, which no
 * client-side API can: `rx` of the server's socket is request bytes the server left unread.
 */
import { readFileSync } from 'node:fs';

/** One IPv4 TCP socket as /proc/net/tcp lists it. */
export interface TcpSocket {
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  /** 'ESTABLISHED', 'LISTEN', ... (only the states tests use are named; others are the hex code). */
  state: string;
  /** Bytes sent and not yet acknowledged by the peer (or not yet sent). */
  tx: number;
  /** Bytes received and not yet read by the application. */
  rx: number;
}

const STATES: Readonly<Record<string, string>> = { '01': 'ESTABLISHED', '0A': 'LISTEN' };

/** `0100007F:61A8` → ['127.0.0.1', 25000] (the address is little-endian hex on x86 and arm64). */
function endpoint(text: string): [string, number] {
  const [hex = '', port = ''] = text.split(':');
  const bytes = (hex.match(/../g) ?? []).map((b) => Number.parseInt(b, 16)).reverse();
  return [bytes.join('.'), Number.parseInt(port, 16)];
}

/** Every IPv4 TCP socket of this network namespace; undefined where /proc/net/tcp is missing. */
export function tcpSockets(): TcpSocket[] | undefined {
  let text: string;
  try {
    text = readFileSync('/proc/net/tcp', 'utf8');
  } catch {
    return undefined;
  }
  return text
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const fields = line.trim().split(/\s+/);
      const [localAddress, localPort] = endpoint(fields[1] ?? '');
      const [remoteAddress, remotePort] = endpoint(fields[2] ?? '');
      const [tx = '0', rx = '0'] = (fields[4] ?? '').split(':');
      const code = fields[3] ?? '';
      return {
        localAddress,
        localPort,
        remoteAddress,
        remotePort,
        state: STATES[code] ?? code,
        tx: Number.parseInt(tx, 16),
        rx: Number.parseInt(rx, 16),
      };
    });
}

/** The established socket whose local end is `localPort` and whose peer is `remotePort`. */
export function connectionEnd(
  sockets: readonly TcpSocket[],
  localPort: number,
  remotePort: number,
): TcpSocket | undefined {
  return sockets.find(
    (s) => s.state === 'ESTABLISHED' && s.localPort === localPort && s.remotePort === remotePort,
  );
}
