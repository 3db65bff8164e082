/**
 * The API on any Node host (a 政务云 VM or container): every handler of
 * `functions/routes.ts` behind the same small server `npm start` uses, with
 * the environment of `functions/env.ts` (nothing generated, nothing
 * simulated: every base URL and secret comes from the environment), and —
 * unless SERVE_BACKGROUND=none — the background work that Vercel does with
 * QStash and cron: the queue dispatcher (QUEUE_TRANSPORT=redis), the 主题库
 * export timer and the ledger's checkpointer.
 *
 *   PORT=3000 UPSTASH_REDIS_REST_URL=http://gateway:8079 … npm run serve
 *
 * Several instances may run at once (behind a load balancer); the benchmark
 * runs one per core this way. Stops cleanly on SIGTERM/SIGINT.
 */
import type { Server } from 'node:http';
import { createDeps, setDeps } from '../context';
import { EnvError, parseEnv, setEnvForProcess } from '../env';
import { LedgerCheckpointer } from '../ledger/checkpoint';
import { logger } from '../lib/logger';
import { RedisDispatcher } from '../queue/dispatcher';
import { ThemeExportTimer } from '../theme-db/exporter';
import { parseServeEnv, type TServeEnv } from './serve-config';
import { createLocalServer, listen } from './server';
import { createStaticHandler } from './static';

export interface TServing {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function serve(source: Record<string, string | undefined>): Promise<TServing> {
  const env = parseEnv(source);
  const settings: TServeEnv = parseServeEnv(source);
  setEnvForProcess(env);
  const deps = createDeps(env);
  setDeps(deps);
  const server = createLocalServer(settings.SERVE_STATIC_DIR ? { fallback: createStaticHandler(settings.SERVE_STATIC_DIR) } : {});
  const port = await listen(server, settings.PORT, settings.HOST);
  const url = `http://${settings.HOST.includes(':') ? `[${settings.HOST}]` : settings.HOST}:${port}`;

  const stops: (() => Promise<void>)[] = [];
  if (settings.SERVE_BACKGROUND === 'all') {
    if (env.QUEUE_TRANSPORT === 'redis') {
      const dispatcher = new RedisDispatcher({ redis: deps.redis, prefix: env.KEY_PREFIX, baseUrl: settings.SERVE_DELIVER_TO ?? env.PUBLIC_BASE_URL, signingKey: env.QSTASH_CURRENT_SIGNING_KEY });
      dispatcher.start(settings.SERVE_DISPATCH_INTERVAL_MS);
      stops.push(() => dispatcher.stop());
    }
    const exporter = new ThemeExportTimer(deps);
    exporter.start(settings.SERVE_THEME_EXPORT_INTERVAL_MS);
    const checkpointer = new LedgerCheckpointer(deps);
    checkpointer.start(settings.SERVE_CHECKPOINT_INTERVAL_MS);
    stops.push(() => exporter.stop(), () => checkpointer.stop());
  }
  return {
    url,
    server,
    async close() {
      await Promise.all(stops.map((s) => s()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      setDeps(undefined);
    },
  };
}

if (require.main === module) {
  serve(process.env)
    .then((serving) => {
      logger.info('serving', { url: serving.url, background: process.env.SERVE_BACKGROUND ?? 'all' });
      const stop = (signal: string) => {
        logger.info('stopping', { signal });
        void serving.close().finally(() => process.exit(0));
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    })
    .catch((error) => {
      console.error(error instanceof EnvError ? error.message : error);
      process.exit(1);
    });
}
