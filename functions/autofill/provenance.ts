/** Every auto-filled value says where it came from and when. */
import type { TFieldSource } from '../../domain';

export interface TFilled<T = string> {
  value: T;
  source: TFieldSource | 'profile';
  fetchedAt: string;
}

export interface TSourceProblem {
  source: TFieldSource;
  /** `unavailable` (down or slow): type by hand; `no_record`: nothing to fill. */
  kind: 'unavailable' | 'no_record' | 'not_matched';
  message: string;
}

export function filled<T>(values: Record<string, T | undefined>, source: TFilled['source'], fetchedAt: string): Record<string, TFilled<T>> {
  return Object.fromEntries(
    Object.entries(values)
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .map(([k, v]) => [k, { value: v as T, source, fetchedAt }]),
  );
}
