/**
 * Near-valid JSON: mutations of a valid body that a schema must refuse.
 *
 * From one valid example and an oracle (`isValid`, the same schema the
 * handler validates with, plus any check the use case makes on top) the
 * planner finds, once, where a body can be broken for sure:
 *   - the leaves and objects whose removal the oracle refuses (required fields),
 *   - the objects that refuse an extra key (strict objects),
 *   - per leaf, the JSON types the oracle refuses there (wrong types),
 *   - per leaf named like an identity number, a USCC, a date, an amount of
 *     money or a rate, the semantic bad values (wrong check character,
 *     impossible date, negative or absurd money) the oracle refuses.
 * A mutation is then a random choice among those, on top of random noise in
 * other fields (odd strings anywhere, which may or may not be valid). The
 * caller asserts the oracle refuses every generated body: a generator that
 * produced a valid body is a bug of the fuzzer, reported as such.
 */
import fc from 'fast-check';
import {
  badCitizenId,
  badDate,
  badMoney,
  badRateBp,
  badUscc,
  CLASS_REPRESENTATIVES,
  JSON_CLASSES,
  jsonClassOf,
  noiseValue,
  oddString,
  valueOfClass,
  type TJsonClass,
} from './values';

export type TPath = (string | number)[];
export type TOracle = (body: unknown) => boolean;

export interface TBodyMutation {
  kind: 'drop' | 'extra' | 'wrong_type' | 'semantic' | 'whole';
  path: TPath;
  value?: unknown;
  noise: { path: TPath; value: unknown }[];
}

/** Semantic bad values by the leaf's name. */
const SEMANTIC: { test: RegExp; values: fc.Arbitrary<unknown> }[] = [
  { test: /^(documentNumber|idNumber)$/, values: badCitizenId },
  { test: /uscc$/i, values: badUscc },
  { test: /Date$/, values: badDate },
  { test: /Fen$/, values: badMoney },
  { test: /Bp$/, values: badRateBp },
];

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

function leavesOf(v: unknown, path: TPath = []): { path: TPath; value: unknown }[] {
  if (v !== null && typeof v === 'object') {
    const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
    const inner = entries.flatMap(([k, x]) => leavesOf(x, [...path, k]));
    return [{ path, value: v }, ...inner];
  }
  return [{ path, value: v }];
}

export function getAt(root: unknown, path: TPath): unknown {
  let cur = root as Record<string | number, unknown> | undefined;
  for (const k of path) cur = cur?.[k] as Record<string | number, unknown> | undefined;
  return cur;
}

/** A copy of `root` with the value at `path` set (or removed when `remove`). */
export function setAt(root: unknown, path: TPath, value: unknown, remove = false): unknown {
  if (path.length === 0) return remove ? undefined : value;
  const copy = clone(root) as Record<string | number, unknown>;
  let cur = copy;
  for (const k of path.slice(0, -1)) {
    const next = cur[k];
    if (next === null || typeof next !== 'object') return copy;
    cur = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (remove) {
    if (Array.isArray(cur)) cur.splice(Number(last), 1);
    else delete cur[last];
  } else {
    // defineProperty: `__proto__` as a plain own key, the way JSON.parse makes it
    Object.defineProperty(cur, last, { value, enumerable: true, configurable: true, writable: true });
  }
  return copy;
}

export interface TBodyPlan {
  example: unknown;
  drops: TPath[];
  extras: TPath[];
  wrongTypes: { path: TPath; classes: TJsonClass[] }[];
  semantic: { path: TPath; values: fc.Arbitrary<unknown> }[];
  /** Leaves noise may go into. */
  leaves: TPath[];
}

/** Finds, once, where `example` can be broken for sure according to `isValid`. */
export function planBody(example: unknown, isValid: TOracle): TBodyPlan {
  if (!isValid(example)) throw new Error(`the valid example is refused by its own oracle: ${JSON.stringify(example).slice(0, 300)}`);
  const nodes = leavesOf(example).filter((n) => n.path.length > 0);
  const drops = nodes.filter((n) => !isValid(setAt(example, n.path, undefined, true))).map((n) => n.path);
  const objects = [{ path: [] as TPath, value: example }, ...nodes].filter((n) => n.value !== null && typeof n.value === 'object' && !Array.isArray(n.value));
  const extras = objects.filter((n) => !isValid(setAt(example, [...n.path, 'fuzzExtraField'], 'x'))).map((n) => n.path);
  const wrongTypes = nodes
    .map((n) => {
      const own = jsonClassOf(n.value);
      const classes = JSON_CLASSES.filter((c) => c !== own && CLASS_REPRESENTATIVES[c].every((r) => !isValid(setAt(example, n.path, r))));
      return { path: n.path, classes };
    })
    .filter((w) => w.classes.length > 0);
  // a semantic kind by name only where the oracle refuses such values there (a `uscc` may be a plain string somewhere)
  const semantic = nodes.flatMap((n) => {
    const name = String(n.path[n.path.length - 1]);
    const rule = SEMANTIC.find((s) => s.test.test(name));
    if (!rule || typeof n.value === 'object') return [];
    const refused = fc.sample(rule.values, { numRuns: 10, seed: 1 }).every((v) => !isValid(setAt(example, n.path, v)));
    return refused ? [{ path: n.path, values: rule.values }] : [];
  });
  const leaves = nodes.filter((n) => n.value === null || typeof n.value !== 'object').map((n) => n.path);
  return { example, drops, extras, wrongTypes, semantic, leaves };
}

/** The whole body replaced by something that is not the expected object. */
export const wholeBodyReplacement: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, 0, -1, true, false, '', 'x', [], [{}], '{}'),
  oddString,
  fc.array(fc.constant({}), { maxLength: 3 }),
);

/** A generator of bodies the oracle should refuse, each with what was done to it. */
export function bodyMutations(plan: TBodyPlan): fc.Arbitrary<{ body: unknown; mutation: TBodyMutation }> {
  const noise = plan.leaves.length
    ? fc.array(fc.record({ path: fc.constantFrom(...plan.leaves), value: noiseValue }), { maxLength: 3 })
    : fc.constant([] as { path: TPath; value: unknown }[]);
  const primaries: fc.Arbitrary<Omit<TBodyMutation, 'noise'>>[] = [];
  if (plan.drops.length) primaries.push(fc.constantFrom(...plan.drops).map((path) => ({ kind: 'drop' as const, path })));
  if (plan.extras.length) {
    primaries.push(
      fc
        .tuple(fc.constantFrom(...plan.extras), fc.oneof(fc.constantFrom('fuzzExtra', '__proto__', 'constructor', '$where', 'isAdmin', 'role', 'id', '0'), fc.string({ minLength: 1, maxLength: 10 })), noiseValue)
        .map(([p, k, value]) => ({ kind: 'extra' as const, path: [...p, k], value })),
    );
  }
  if (plan.wrongTypes.length) {
    primaries.push(
      fc
        .constantFrom(...plan.wrongTypes)
        .chain((w) => fc.constantFrom(...w.classes).chain((c) => valueOfClass(c).map((value) => ({ kind: 'wrong_type' as const, path: w.path, value })))),
    );
  }
  for (const s of plan.semantic) primaries.push(s.values.map((value) => ({ kind: 'semantic' as const, path: s.path, value })));
  primaries.push(wholeBodyReplacement.map((value) => ({ kind: 'whole' as const, path: [], value })));
  return fc.tuple(fc.oneof(...primaries), noise).map(([primary, noiseList]) => {
    // noise first (never on the primary's own path), then the mutation that makes the body wrong
    let body = clone(plan.example);
    const prefix = (p: TPath, q: TPath) => q.length <= p.length && q.every((k, i) => p[i] === k);
    const applied = noiseList.filter((n) => !prefix(n.path, primary.path) && !prefix(primary.path, n.path));
    for (const n of applied) body = setAt(body, n.path, n.value);
    if (primary.kind === 'drop') body = setAt(body, primary.path, undefined, true);
    else if (primary.kind === 'whole') body = primary.value;
    else body = setAt(body, primary.path, primary.value);
    // wrong types, semantic values and extras that stand for "this field missing" hold `undefined` nowhere
    return { body, mutation: { ...primary, noise: applied } };
  });
}

/** A short description of a body mutation for a failure report. */
export function describeMutation(m: TBodyMutation): string {
  const v = m.value === undefined ? '' : ` = ${JSON.stringify(m.value)?.slice(0, 120)}`;
  return `${m.kind} ${m.path.join('.') || '(body)'}${v}${m.noise.length ? ` (+ noise at ${m.noise.map((n) => n.path.join('.')).join(', ')})` : ''}`;
}
