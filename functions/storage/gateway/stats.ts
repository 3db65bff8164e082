/**
 * What the gateway counts, so tests and health checks can see how many
 * round trips and commands a use case costs.
 */
export interface TGatewayStats {
  /** HTTP requests received (round trips), including refused ones. */
  requests: number;
  /** Commands run (a pipeline of 5 counts 5). */
  commands: number;
  /** Commands by upper-case name, e.g. `{ GET: 3, EVALSHA: 1 }`. */
  byCommand: Record<string, number>;
  /** Requests by endpoint. */
  byEndpoint: { command: number; pipeline: number; multiExec: number };
  /** Requests refused before running anything (auth, body, route). */
  rejected: number;
}

export function createStats(): TGatewayStats {
  return { requests: 0, commands: 0, byCommand: {}, byEndpoint: { command: 0, pipeline: 0, multiExec: 0 }, rejected: 0 };
}

/** Zeroes the counters in place, so a reference held by a test stays live. */
export function resetStats(stats: TGatewayStats): void {
  Object.assign(stats, createStats());
}

export function countCommands(stats: TGatewayStats, names: readonly string[]): void {
  stats.commands += names.length;
  for (const name of names) {
    const key = name.toUpperCase();
    stats.byCommand[key] = (stats.byCommand[key] ?? 0) + 1;
  }
}
