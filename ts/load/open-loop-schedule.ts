/**
 * The open-loop schedule of one worker thread: every request's intended send time, fixed before
 * the run starts and never moved by the replies. A group at `rate` requests/s over `clients`
 * connections gives each connection rate/clients per second; connection j of the group (0-based,
 * over the whole group, whichever worker runs it) sends at
 *
 *     start + j / rate + k · clients / rate      (k = 0, 1, 2, …; seconds)
 *
 * so the group's requests are evenly spaced at 1/rate and no two connections send together. The
 * times are computed afresh from k (never accumulated), so there is no drift over a long run.
 * A worker holds some of a group's connections; in offset order they take turns, so finding the
 * next due request is O(1) per group.
 */

/** What the schedule hands a due request to: the connection (it writes it, or queues it). */
export interface ScheduledConnection {
  /** A request intended at `intended` (ms) is due; `now` is the time it is handed over. */
  schedule(intended: number, now: number): void;
}

/** One group's connections on this worker. */
export interface ScheduleLane {
  /** Requests per second over the whole group (every worker's share together). */
  rate: number;
  /** Connections in the whole group. */
  groupClients: number;
  /** This worker's connections of the group, each with its index within the group. */
  members: { index: number; connection: ScheduledConnection }[];
}

interface Lane {
  connections: ScheduledConnection[];
  /** Each member's offset from the start, ms, ascending. */
  offsets: number[];
  /** One connection's interval between its own requests, ms. */
  intervalMs: number;
  round: number;
  turn: number;
  /** The intended time of the lane's next request, ms. */
  next: number;
}

/** The merged schedule of a worker's open-loop connections, from `start` until `until` (ms). */
export class OpenLoopSchedule {
  private readonly lanes: Lane[];

  constructor(
    lanes: readonly ScheduleLane[],
    private readonly start: number,
    private readonly until: number,
  ) {
    this.lanes = lanes
      .filter((l) => l.members.length > 0)
      .map((l) => {
        const members = [...l.members].sort((a, b) => a.index - b.index);
        const lane: Lane = {
          connections: members.map((m) => m.connection),
          offsets: members.map((m) => (m.index * 1000) / l.rate),
          intervalMs: (l.groupClients * 1000) / l.rate,
          round: 0,
          turn: 0,
          next: 0,
        };
        lane.next = this.timeOf(lane);
        return lane;
      });
  }

  private timeOf(lane: Lane): number {
    const time = this.start + lane.round * lane.intervalMs + (lane.offsets[lane.turn] as number);
    return time < this.until ? time : Number.POSITIVE_INFINITY;
  }

  /** The intended time of the next request (ms); Infinity once every request before `until` is out. */
  get nextDue(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const lane of this.lanes) if (lane.next < next) next = lane.next;
    return next;
  }

  /** Hands every request intended at or before `dueBy` to its connection, in time order. */
  runDue(dueBy: number, now: number): void {
    for (;;) {
      let lane: Lane | undefined;
      for (const l of this.lanes) if (l.next <= dueBy && (lane === undefined || l.next < lane.next)) lane = l;
      if (lane === undefined) return;
      (lane.connections[lane.turn] as ScheduledConnection).schedule(lane.next, now);
      if (++lane.turn === lane.connections.length) {
        lane.turn = 0;
        lane.round++;
      }
      lane.next = this.timeOf(lane);
    }
  }
}
