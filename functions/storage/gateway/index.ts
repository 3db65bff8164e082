export { createGateway, type TGateway, type TGatewayOptions } from './gateway';
export { startGatewayServer, type TGatewayServer } from './server';
export type { TGatewayStats } from './stats';
export { MAX_BODY_BYTES } from './body';
