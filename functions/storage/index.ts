/** The storage layer's public API (tests also use `./testing`). */
export { createRedisClient, fieldsToRecord, type TRedisClientOptions } from './redis';
export { keyspace, type TKeyspace } from './keys';
export { RedisReplyError, StorageUnavailableError } from './errors';
export { createGateway, startGatewayServer, type TGateway, type TGatewayStats } from './gateway';
export { createRedisBackend, type TRedisBackend } from './backends/redis';
export { createMemoryBackend, type TMemoryBackend } from './backends/memory';
export type { TBackend, TCommand, TCommandResult, TReply } from './backends/types';
