/**
 * The standalone gateway's environment, parsed with zod; a wrong or missing
 * variable fails fast with its name (same `EnvError` as `functions/env.ts`).
 */
import { z } from 'zod';
import { parseVariables } from '../../env';

export const ZGatewayEnvSchema = z.object({
  GATEWAY_PORT: z.coerce.number().int().min(1).max(65_535).default(8079),
  GATEWAY_HOST: z.string().min(1).default('127.0.0.1'),
  /** The bearer token clients send; the app's `UPSTASH_REDIS_REST_TOKEN`. */
  GATEWAY_TOKEN: z.string().min(16, { error: '至少16个字符' }),
  /** The Redis behind the gateway: `redis://[:password@]host:port[/db]` or `rediss://…` (TLS). */
  REDIS_URL: z.string().regex(/^rediss?:\/\/\S+$/, { error: '应为 redis:// 或 rediss:// URL' }),
});
export type TGatewayEnv = z.infer<typeof ZGatewayEnvSchema>;

export function parseGatewayEnv(source: Record<string, string | undefined>): TGatewayEnv {
  return parseVariables(ZGatewayEnvSchema, source);
}

/** The Redis URL without its password, for logs. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis://(invalid)';
  }
}
