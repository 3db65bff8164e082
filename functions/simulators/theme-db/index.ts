export * from './theme-db';
