/**
 * The request shapes @upstash/redis sends (see its `HttpClient.request`):
 * always `POST` with a JSON body and `Content-Type: application/json`.
 *
 *   POST <base>            ["set","k","v","ex",60]           → {"result":"OK"}
 *   POST <base>/pipeline   [["get","a"],["incr","b"]]         → [{"result":…},{"error":"ERR …"}]
 *   POST <base>/multi-exec [["set","a","1"],["get","a"]]      → [{"result":…},…]
 *
 * Arguments are strings, numbers or booleans (its serializer JSON-encodes
 * everything else to a string before sending).
 */
import { z } from 'zod';

export type TEndpoint = 'command' | 'pipeline' | 'multiExec';

const ZArgSchema = z.union([z.string(), z.number(), z.boolean()]);
/** `JSON.GET`, `evalsha_ro`, `HGETALL`… */
const ZCommandNameSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_.|-]{0,63}$/, { error: 'not a command name' });

export const ZCommandSchema = z.tuple([ZCommandNameSchema], ZArgSchema);
export const ZCommandListSchema = z.array(ZCommandSchema).min(1, { error: 'no commands' });

/** The endpoint for a path below the gateway's mount point, or undefined. */
export function endpointFor(path: string): TEndpoint | undefined {
  const clean = path.split('?')[0]!.replace(/\/+$/, '');
  if (clean === '') return 'command';
  if (clean === '/pipeline') return 'pipeline';
  if (clean === '/multi-exec') return 'multiExec';
  return undefined;
}

/** A parsed command with every argument as the string Redis receives. */
export function toRedisArgs(command: z.infer<typeof ZCommandSchema>): [string, ...string[]] {
  const [name, ...args] = command;
  return [name, ...args.map((a) => (typeof a === 'string' ? a : String(a)))];
}

/** Parses a body for an endpoint; returns the commands or the error text. */
export function parseCommands(endpoint: TEndpoint, body: unknown): { commands: [string, ...string[]][] } | { error: string } {
  if (endpoint === 'command') {
    const parsed = ZCommandSchema.safeParse(body);
    if (!parsed.success) return { error: `ERR failed to parse command: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}` };
    return { commands: [toRedisArgs(parsed.data)] };
  }
  const parsed = ZCommandListSchema.safeParse(body);
  const what = endpoint === 'pipeline' ? 'pipeline' : 'transaction';
  if (!parsed.success) return { error: `ERR failed to parse ${what} request: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}` };
  return { commands: parsed.data.map(toRedisArgs) };
}
