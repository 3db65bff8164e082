/** A small synchronous key-value store: Taro storage in the app, memory in tests. */
export interface TKeyValueStore {
  get<T = unknown>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  remove(key: string): void;
}

export function memoryStore(initial: Record<string, unknown> = {}): TKeyValueStore & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = { ...initial };
  return {
    data,
    get: <T,>(key: string) => (key in data ? (JSON.parse(JSON.stringify(data[key])) as T) : undefined),
    set: (key, value) => {
      data[key] = JSON.parse(JSON.stringify(value));
    },
    remove: (key) => {
      delete data[key];
    },
  };
}

export const STORAGE_KEYS = {
  token: 'hire-once.token',
  me: 'hire-once.me',
  draft: 'hire-once.hire-draft',
  privacyAccepted: 'hire-once.privacy-accepted',
  /** H5 development only: the simulated login code (the WeChat simulator knows the user by it). */
  devLoginCode: 'hire-once.dev-login-code',
} as const;
