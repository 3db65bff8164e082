export * from './items/catalog';
export * from './codes/code-table';
