export * from './licence-library';
