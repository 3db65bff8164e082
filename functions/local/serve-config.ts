/**
 * The Node host's own settings (`npm run serve`), parsed with zod; a wrong
 * variable fails fast with its name (the same `EnvError` as `functions/env.ts`).
 * The app's variables are `functions/env.ts`'s, read from the same environment.
 */
import path from 'node:path';
import { z } from 'zod';
import { parseVariables } from '../env';

const interval = (fallback: number) => z.coerce.number().int().min(50).max(3_600_000).default(fallback);

export const ZServeEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * Which background work this instance runs besides answering requests:
   * `all` — the queue dispatcher (with QUEUE_TRANSPORT=redis), the 主题库
   * exporter's timer and the ledger's checkpointer; `none` — requests only
   * (more instances behind a load balancer, with one `all` instance or cron).
   * Each of these is safe to run on several instances at once (leases,
   * compare-and-set), so `all` everywhere is correct, only wasteful.
   */
  SERVE_BACKGROUND: z.enum(['all', 'none'], { error: '应为 all 或 none' }).default('all'),
  /** Where the dispatcher delivers queue messages; default PUBLIC_BASE_URL (the load balancer). */
  SERVE_DELIVER_TO: z.url({ error: '应为 http(s) URL' }).optional(),
  /** The built H5 app to serve beside the API (absent: API only). */
  SERVE_STATIC_DIR: z.string().min(1).transform((p) => path.resolve(p)).optional(),
  SERVE_DISPATCH_INTERVAL_MS: interval(250),
  SERVE_THEME_EXPORT_INTERVAL_MS: interval(10_000),
  SERVE_CHECKPOINT_INTERVAL_MS: interval(60_000),
});
export type TServeEnv = z.infer<typeof ZServeEnvSchema>;

export function parseServeEnv(source: Record<string, string | undefined>): TServeEnv {
  return parseVariables(ZServeEnvSchema, source);
}
