export * from './elicense';
