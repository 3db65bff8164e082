/**
 * Commands the gateway refuses. All requests share one connection to Redis,
 * so anything that changes connection state, blocks it, or streams is out;
 * so are administration commands and whole-database wipes (the Redis behind
 * a 政务云 deployment may be shared — clean up by key prefix instead).
 */
const reasons: Record<string, string> = {};
const deny = (reason: string, names: string) => names.split(' ').forEach((n) => (reasons[n] = reason));

deny('use the /multi-exec endpoint for transactions', 'MULTI EXEC DISCARD WATCH UNWATCH');
deny('the connection is shared by all requests', 'SELECT SWAPDB AUTH HELLO RESET QUIT CLIENT READONLY READWRITE');
deny('streaming is not supported by this gateway', 'SUBSCRIBE PSUBSCRIBE SSUBSCRIBE UNSUBSCRIBE PUNSUBSCRIBE SUNSUBSCRIBE MONITOR SYNC PSYNC');
deny('blocking commands would stall the shared connection; poll with the non-blocking form', 'BLPOP BRPOP BRPOPLPUSH BLMOVE BLMPOP BZPOPMIN BZPOPMAX BZMPOP WAIT WAITAOF');
deny('administration is not done through the gateway', 'CONFIG DEBUG SHUTDOWN ACL MODULE SAVE BGSAVE BGREWRITEAOF REPLICAOF SLAVEOF FAILOVER CLUSTER MIGRATE LATENCY SLOWLOG');
deny('the database may be shared; delete by key prefix with SCAN + DEL', 'FLUSHALL FLUSHDB');
deny('KEYS blocks Redis on a large keyspace; use SCAN with MATCH', 'KEYS');

/** The reply error for a refused command, or undefined when it may run. */
export function refusal(command: readonly string[]): string | undefined {
  const name = (command[0] ?? '').toUpperCase();
  const reason = reasons[name];
  if (reason) return `ERR '${name}' is not allowed through the storage gateway: ${reason}`;
  if ((name === 'XREAD' || name === 'XREADGROUP') && command.some((a) => a.toUpperCase() === 'BLOCK')) {
    return `ERR '${name} … BLOCK' is not allowed through the storage gateway: ${reasons.BLPOP}`;
  }
  return undefined;
}
