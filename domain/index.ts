/**
 * 入职一件事 — the pure domain model shared by the mini-program and the
 * functions. Imports nothing from `client/`, `functions/`, Node built-ins or
 * the network. Glossary of the Chinese terms: `domain/GLOSSARY.md`.
 */

// The seven items and the three materials
export * from './items/catalog';
export * from './items/due-dates';

// The one form
export * from './form/field-meta';
export * from './form/primitives';
export * from './form/schema';
export * from './form/fields';

// Identity numbers
export { isValidCitizenId, checkCitizenId, checkGb11643, checkHmtResidencePermit, HMT_RESIDENCE_PERMIT_ADDRESS_CODES } from './identity/citizen-id';
export { isValidUscc, checkUscc, usccCheckChar, USCC_CHARSET, USCC_REGISTRATION_AUTHORITIES } from './identity/uscc';
export * from './identity/other-documents';
export * from './identity/document';
export * from './identity/mobile';
export * from './identity/mod11-2';
export * from './identity/normalize';
export type { TIdentityCheck, TIdentityFinding } from './identity/result';

// Code tables and administrative divisions
export * from './codes/index';
export * from './divisions/divisions';

// Rules with their sources
export * from './rules/effective';
export * from './rules/labor-law';
export * from './rules/wages';
export * from './rules/housing-fund';

// What the API answers about applications
export * from './applications/views';
export * from './applications/filing';

// Subscribe messages
export * from './notifications/subscriptions';
export * from './notifications/templates';
export * from './notifications/inbox';

// The electronic social security card (电子社保卡)
export * from './card/card';

// Supervision at the window (queues, overdue board, statistics, 好差评) and the archives (一户一档 / 一人一档)
export * from './supervision/supervision';
export * from './archives/archives';

// Pre-check
export * from './precheck/check-hire';

// Rate limits (our own operational policy)
export * from './security/rate-limits';

// Personal data
export * from './privacy/mask';
export * from './privacy/retention';
export * from './privacy/export';

// Money
export * from './money/money';

// Dates and working days
export * from './calendar/dates';
export * from './calendar/working-days';

// Errors
export * from './errors/app-error';
export * from './errors/zod-issues';
