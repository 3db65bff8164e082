export * from './common';
export * from './hrss';
export * from './medical';
export * from './housing-fund';
