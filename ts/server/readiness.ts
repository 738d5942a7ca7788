/**
 * The one machine-readable line a server prints on stdout once it accepts connections, e.g.
 * `fiblab listening host=127.0.0.1 port=25000 variant=pool pid=1234 workers=2`. Scripts wait for
 * it; multi-port servers add `ports=25000,25001`. The peers print the same line.
 */
export interface Readiness {
  host: string;
  /** The first (or only) port. */
  port: number;
  /** Every port clients may use (the `many` model has several). */
  ports: number[];
  variant: string;
  pid: number;
  /** Other key=value facts (workers, uvThreadpoolSize, ...). */
  extra: Record<string, string>;
}

const PREFIX = 'fiblab listening ';

/** Formats the readiness line (without the newline). */
export function formatReadiness(
  r: Omit<Readiness, 'ports' | 'extra'> & { ports?: number[]; extra?: Record<string, string | number> },
): string {
  const fields: Array<[string, string | number]> = [
    ['host', r.host],
    ['port', r.port],
    ['variant', r.variant],
    ['pid', r.pid],
  ];
  if (r.ports !== undefined && r.ports.length > 1) fields.push(['ports', r.ports.join(',')]);
  for (const [key, value] of Object.entries(r.extra ?? {})) fields.push([key, value]);
  return PREFIX + fields.map(([key, value]) => `${key}=${value}`).join(' ');
}

/** Parses a readiness line; undefined if the line is not one. */
export function parseReadiness(line: string): Readiness | undefined {
  if (!line.startsWith(PREFIX)) return undefined;
  const fields = new Map(
    line
      .slice(PREFIX.length)
      .trim()
      .split(/\s+/)
      .map((field) => {
        const eq = field.indexOf('=');
        return [field.slice(0, eq), field.slice(eq + 1)] as const;
      }),
  );
  const take = (key: string): string => {
    const value = fields.get(key);
    fields.delete(key);
    return value ?? '';
  };
  const host = take('host');
  const port = Number(take('port'));
  const variant = take('variant');
  const pid = Number(take('pid'));
  const portList = take('ports');
  if (host === '' || !Number.isInteger(port) || variant === '' || !Number.isInteger(pid)) return undefined;
  const ports = portList === '' ? [port] : portList.split(',').map(Number);
  return { host, port, ports, variant, pid, extra: Object.fromEntries(fields) };
}
