export * from './client';
export { faceCertHash } from './cert-hash';
export { SUBSCRIBE_ERRCODES, TOKEN_INVALID_ERRCODES, type TSubscribeFailureReason, type TSubscribeSendInput, type TSubscribeSendOutcome } from './subscribe';
export {
  chinaDay,
  MemoryTokenStore,
  RedisTokenStore,
  WECHAT_FORCE_REFRESH_LIMITS,
  type TCachedToken,
  type TForcePermit,
  type TForceRefreshLimits,
  type TWeChatTokenStore,
} from './token-store';
