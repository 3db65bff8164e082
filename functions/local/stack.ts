/**
 * The whole product on one machine: the storage gateway (embedded
 * ioredis-mock, or a real Redis when REDIS_URL is set), every simulator, all
 * handlers and the H5 app behind one local server, and the queue dispatcher.
 * `npm start` runs it (main.ts) and the integration tests run the very same
 * stack on an ephemeral port against a real Redis.
 *
 * The stack only chooses base URLs and secrets; the product code is the
 * production code, pointed at loopback.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import path from 'node:path';
import { setDeps, createDeps } from '../context';
import type { TDeps } from '../deps';
import { parseEnv, setEnvForProcess, type TEnv } from '../env';
import { hashPassword } from '../auth/password';
import { RedisDispatcher } from '../queue/dispatcher';
import { ENTERPRISES_BY_USCC, PEOPLE } from '../simulators/dataset';
import { createHousingFundSimulator, createHrssSimulator, createMedicalInsuranceSimulator } from '../simulators/departments';
import { createElicenseSimulator } from '../simulators/elicense';
import type { TSimulator } from '../simulators/framework';
import { createLicenceLibrarySimulator } from '../simulators/licence-library';
import { createS3Simulator } from '../simulators/s3';
import { createSharedDataSimulators } from '../simulators/shared-data';
import { createTerminalSimulator } from '../simulators/terminal';
import { createThemeDbSimulator } from '../simulators/theme-db';
import { createWitnessSimulator } from '../simulators/witness';
import { LedgerCheckpointer } from '../ledger/checkpoint';
import { ThemeExportTimer } from '../theme-db/exporter';
import { createWeChatSimulator, DEFAULT_SIM_APPID, DEFAULT_SIM_SECRET, SIM_SUBSCRIBE_TEMPLATES } from '../simulators/wechat';
import { createMemoryBackend } from '../storage/backends/memory';
import { createRedisBackend } from '../storage/backends/redis';
import type { TBackend } from '../storage/backends/types';
import { createGateway, type TGateway } from '../storage/gateway';
import { createLocalServer, listen } from './server';
import { createStaticHandler } from './static';

export interface TStackOptions {
  port?: number;
  host?: string;
  /** A real Redis; without it the embedded in-process backend is used. */
  redisUrl?: string;
  keyPrefix?: string;
  /** Built H5 app to serve; none in tests. */
  staticDir?: string;
  /** Realistic latency of the shared-data simulators (ms); 0 in tests. */
  simulatorLatencyMs?: number;
  /** How fast the simulated card and certificate are made. */
  cardStageMs?: number;
  certificateDelayMs?: number;
  pollSeconds?: number;
  /** Where the local blob store writes (encrypted) materials. */
  blobDir?: string;
  /** Longest wait between retries of an item at a department that is down. */
  retryMaxSeconds?: number;
  /** Secrets to keep across restarts (npm start); fresh ones otherwise. */
  secrets?: TDevSecrets;
  /** Variables that override the stack's choices (npm start passes process.env). */
  overrides?: Record<string, string | undefined>;
  dispatcherIntervalMs?: number;
  /** How often the local stack exports the ledger to the theme database besides the triggers (Vercel: the cron). */
  themeExportIntervalMs?: number;
  /** How often the local stack signs a checkpoint of the ledger when it has grown (Vercel: the cron). */
  checkpointIntervalMs?: number;
  clerk?: { username: string; password: string; name: string };
}

export interface TDevSecrets {
  sessionSecret: string;
  idEncryptionKey: string;
  idHmacKey: string;
  gatewayToken: string;
  signingKeys: [string, string];
  /** CARD_QR_SECRET (absent in secrets files written before the e-card: derived from the session secret then). */
  cardQrSecret?: string;
  /** The key of the simulated scanning terminal (likewise derived when absent). */
  terminalKey?: string;
  /** LEDGER_SIGNING_KEY, the checkpoints' Ed25519 seed (likewise derived when absent). */
  ledgerSigningKey?: string;
}

/** The development terminal the terminal simulator plays. */
export const DEV_TERMINAL = { id: 'T-DEV-0001', name: '开发模式模拟扫码终端' };

export function generateDevSecrets(): TDevSecrets {
  const b64 = () => randomBytes(32).toString('base64');
  return {
    sessionSecret: b64(),
    idEncryptionKey: b64(),
    idHmacKey: b64(),
    gatewayToken: randomBytes(24).toString('base64url'),
    signingKeys: [`sig_${randomBytes(18).toString('base64url')}`, `sig_${randomBytes(18).toString('base64url')}`],
    cardQrSecret: b64(),
    terminalKey: randomBytes(32).toString('base64url'),
    ledgerSigningKey: b64(),
  };
}

export const DEV_CLERK = { username: 'clerk01', password: 'window-2026', name: '测试窗口人员' };

function createSimulators(options: TStackOptions, witnessSeed: Uint8Array) {
  const insuredElsewhere = PEOPLE.filter((p) => p.insuredElsewhere).map((p) => p.documentNumber);
  return {
    ...createSharedDataSimulators({ defaultLatencyMs: options.simulatorLatencyMs ?? 0 }),
    hrss: createHrssSimulator({ insuredElsewhere, cardStageMs: options.cardStageMs ?? 2_000, certificateDelayMs: options.certificateDelayMs ?? 5_000 }),
    medical: createMedicalInsuranceSimulator({}),
    housingFund: createHousingFundSimulator({}),
    wechat: createWeChatSimulator({}),
    // The object store (Aliyun OSS / Tencent COS / MinIO / S3) at /sim/s3. Served always; materials
    // go to it only with BLOB_STORE=s3 (see startStack), the filesystem store stays the default.
    s3: createS3Simulator({ switches: options.simulatorLatencyMs ? { latencyMs: 15, jitterMs: 20 } : {} }),
    // 电子证照库: electronic 就业创业证 and 社会保障卡 are pushed here
    licenceLibrary: createLicenceLibrarySimulator({ switches: options.simulatorLatencyMs ? { latencyMs: 20, jitterMs: 20 } : {} }),
    // 企业员工录用主题库 on the 共享平台: every ledger event is exported here (token set once the env is known)
    themeDb: createThemeDbSimulator({ switches: options.simulatorLatencyMs ? { latencyMs: 20, jitterMs: 20 } : {} }),
    // an outside witness of the ledger's checkpoints (C2SP tlog-witness); it trusts the log's key once the env is known
    witness: createWitnessSimulator({ seed: witnessSeed }),
    // a scanning terminal that verifies 电子社保卡 QR codes with its key (configured once the port is known)
    terminal: createTerminalSimulator({}),
    elicense: createElicenseSimulator({
      lookup: (uscc: string) => {
        const e = ENTERPRISES_BY_USCC.get(uscc);
        return e ? { name: e.name, legalRepresentative: e.legalRepresentative } : undefined;
      },
    }),
  };
}
export type TSimulators = ReturnType<typeof createSimulators>;

export interface TStack {
  baseUrl: string;
  server: Server;
  env: TEnv;
  /** The variables `env` was parsed from: what another instance of the API (`npm run serve`) needs to join this stack. */
  envSource: Record<string, string>;
  deps: TDeps;
  gateway: TGateway;
  backend: TBackend;
  simulators: TSimulators;
  dispatcher: RedisDispatcher;
  /** The periodic export of the ledger to the theme database. */
  themeExporter: ThemeExportTimer;
  /** Signs a ledger checkpoint when the log has grown, and has the witness cosign it. */
  checkpointer: LedgerCheckpointer;
  /** The development scanning terminal (its key is what the terminal simulator sends). */
  devTerminal: { id: string; key: string };
  close(): Promise<void>;
}

export async function startStack(options: TStackOptions = {}): Promise<TStack> {
  const host = options.host ?? '127.0.0.1';
  const secrets = options.secrets ?? generateDevSecrets();
  const backend: TBackend = options.redisUrl ? createRedisBackend(options.redisUrl) : createMemoryBackend();
  const gateway = createGateway({ backend, token: secrets.gatewayToken });

  const simulators: TSimulators = createSimulators(options, createHmac('sha256', secrets.sessionSecret).update('dev-witness-key').digest());

  const server = createLocalServer({
    mounts: [{ prefix: '/_redis', handle: gateway.handle }, ...(Object.values(simulators) as TSimulator[])],
    ...(options.staticDir ? { fallback: createStaticHandler(path.resolve(options.staticDir)) } : {}),
  });
  const port = await listen(server, options.port ?? 0, host);
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const clerk = options.clerk ?? DEV_CLERK;
  const derived = (label: string) => createHmac('sha256', secrets.sessionSecret).update(label).digest();
  const cardQrSecret = secrets.cardQrSecret ?? derived('card-qr-secret').toString('base64');
  const terminalKey = secrets.terminalKey ?? derived('dev-terminal-key').toString('base64url');
  simulators.terminal.configure({ apiBaseUrl: origin, terminalId: DEV_TERMINAL.id, key: terminalKey });
  const overrides = Object.fromEntries(Object.entries(options.overrides ?? {}).filter(([, v]) => v !== undefined));
  // `BLOB_STORE=s3 npm start` stores materials in the S3 simulator: unless the caller sets any S3_*
  // variable (then it sets them all, e.g. for a real MinIO), S3_* point at /sim/s3 and its dev keys.
  const s3sim = simulators.s3.clientConfig(origin);
  const s3: Record<string, string> = Object.keys(overrides).some((k) => k.startsWith('S3_'))
    ? {}
    : {
        S3_ENDPOINT: s3sim.endpoint,
        S3_BUCKET: s3sim.bucket,
        S3_REGION: s3sim.region,
        S3_ACCESS_KEY_ID: s3sim.accessKeyId,
        S3_SECRET_ACCESS_KEY: s3sim.secretAccessKey,
      };

  const envSource: Record<string, string> = {
    NODE_ENV: 'development',
    PUBLIC_BASE_URL: origin,
    UPSTASH_REDIS_REST_URL: `${origin}/_redis`,
    UPSTASH_REDIS_REST_TOKEN: secrets.gatewayToken,
    KEY_PREFIX: options.keyPrefix ?? 'ho:',
    SESSION_SECRET: secrets.sessionSecret,
    ID_ENCRYPTION_KEY: secrets.idEncryptionKey,
    ID_HMAC_KEY: secrets.idHmacKey,
    WECHAT_API_BASE_URL: `${origin}${simulators.wechat.prefix}`,
    WECHAT_APPID: DEFAULT_SIM_APPID,
    WECHAT_SECRET: DEFAULT_SIM_SECRET,
    WECHAT_SUBSCRIBE_TEMPLATES: JSON.stringify(SIM_SUBSCRIBE_TEMPLATES),
    WECHAT_MINIPROGRAM_STATE: 'developer',
    ELICENSE_API_BASE_URL: `${origin}${simulators.elicense.prefix}`,
    MARKET_API_BASE_URL: `${origin}${simulators.market.prefix}`,
    POLICE_API_BASE_URL: `${origin}${simulators.police.prefix}`,
    MOHRSS_API_BASE_URL: `${origin}${simulators.mohrss.prefix}`,
    HRSS_API_BASE_URL: `${origin}${simulators.hrss.prefix}`,
    MEDICAL_API_BASE_URL: `${origin}${simulators.medical.prefix}`,
    HOUSING_FUND_API_BASE_URL: `${origin}${simulators.housingFund.prefix}`,
    LICENCE_LIBRARY_API_BASE_URL: `${origin}${simulators.licenceLibrary.prefix}`,
    THEME_DB_API_BASE_URL: `${origin}${simulators.themeDb.prefix}`,
    THEME_DB_API_TOKEN: derived('theme-db-token').toString('base64url'),
    CARD_QR_SECRET: cardQrSecret,
    LEDGER_SIGNING_KEY: secrets.ledgerSigningKey ?? derived('ledger-signing-key').toString('base64'),
    WITNESS_API_BASE_URL: `${origin}${simulators.witness.prefix}`,
    WITNESS_VKEY: simulators.witness.vkey,
    CARD_TERMINAL_KEYS: JSON.stringify([{ ...DEV_TERMINAL, keySha256: createHash('sha256').update(terminalKey).digest('hex') }]),
    ITEM_POLL_SECONDS: String(options.pollSeconds ?? 2),
    BLOB_STORE: 'fs',
    BLOB_DIR: options.blobDir ?? '.data/blobs',
    ...s3,
    ITEM_RETRY_MAX_SECONDS: String(options.retryMaxSeconds ?? 30),
    QUEUE_TRANSPORT: 'redis',
    QSTASH_CURRENT_SIGNING_KEY: secrets.signingKeys[0],
    QSTASH_NEXT_SIGNING_KEY: secrets.signingKeys[1],
    CLERK_ACCOUNTS: JSON.stringify([{ username: clerk.username, name: clerk.name, passwordHash: hashPassword(clerk.password) }]),
    ...(overrides as Record<string, string>),
  };
  const env = parseEnv(envSource);
  setEnvForProcess(env);
  simulators.themeDb.configure({ token: env.THEME_DB_API_TOKEN });
  const deps = createDeps(env);
  setDeps(deps);
  simulators.witness.configure({ logs: [{ origin: env.LEDGER_ORIGIN, vkey: deps.ledgerLog.signer.vkey }] });

  const dispatcher = new RedisDispatcher({ redis: deps.redis, prefix: env.KEY_PREFIX, baseUrl: env.PUBLIC_BASE_URL, signingKey: env.QSTASH_CURRENT_SIGNING_KEY });
  if (env.QUEUE_TRANSPORT === 'redis') dispatcher.start(options.dispatcherIntervalMs ?? 250);
  const themeExporter = new ThemeExportTimer(deps);
  themeExporter.start(options.themeExportIntervalMs ?? 10_000);
  const checkpointer = new LedgerCheckpointer(deps);
  checkpointer.start(options.checkpointIntervalMs ?? 30_000);

  return {
    baseUrl: origin,
    server,
    env,
    envSource,
    deps,
    gateway,
    backend,
    simulators,
    dispatcher,
    themeExporter,
    checkpointer,
    devTerminal: { id: DEV_TERMINAL.id, key: terminalKey },
    async close() {
      await Promise.all([dispatcher.stop(), themeExporter.stop(), checkpointer.stop()]);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await backend.close();
      setDeps(undefined);
    },
  };
}
