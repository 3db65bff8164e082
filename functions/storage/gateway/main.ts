/**
 * The standalone gateway for a 政务云 deployment without Upstash: speaks the
 * Upstash REST protocol on GATEWAY_HOST:GATEWAY_PORT and runs the commands
 * on the Redis at REDIS_URL.
 *
 *   GATEWAY_TOKEN=… REDIS_URL=redis://10.0.0.5:6379 npx tsx functions/storage/gateway/main.ts
 *
 * Point the app at it with UPSTASH_REDIS_REST_URL=http://GATEWAY_HOST:GATEWAY_PORT
 * and UPSTASH_REDIS_REST_TOKEN=GATEWAY_TOKEN. Stops cleanly on SIGTERM/SIGINT.
 */
import { EnvError } from '../../env';
import { createRedisBackend } from '../backends/redis';
import { parseGatewayEnv, redactRedisUrl } from './config';
import { startGatewayServer } from './server';

async function main(): Promise<void> {
  let env;
  try {
    env = parseGatewayEnv(process.env);
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  let lastConnectionError = '';
  const backend = createRedisBackend(env.REDIS_URL, {
    onConnectionError: (error) => {
      if (error.message === lastConnectionError) return;
      lastConnectionError = error.message;
      console.error(`[storage-gateway] Redis connection error: ${error.message}`);
    },
  });
  const server = await startGatewayServer({
    backend,
    token: env.GATEWAY_TOKEN,
    host: env.GATEWAY_HOST,
    port: env.GATEWAY_PORT,
    onError: (error) => console.error('[storage-gateway] internal error', error),
  });
  console.log(`[storage-gateway] listening on ${server.url} → ${redactRedisUrl(env.REDIS_URL)}`);

  const stop = async (signal: string) => {
    console.log(`[storage-gateway] ${signal}: stopping`);
    await server.close().catch(() => undefined);
    await backend.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  console.error('[storage-gateway] failed to start:', error);
  process.exit(1);
});
