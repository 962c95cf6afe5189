/**
 * Configuration in one place: the platform reads process.env only in libs/core/src/config (loadConfig, validated at
 * boot); the `no-restricted-properties` rule in eslint.config.mjs refuses a read anywhere else in apps/ and libs/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = join(__dirname, '..', '..');

describe('configuration is read in one place (npm run lint)', () => {
  const eslint = new ESLint({ cwd: ROOT });
  const reads = async (path: string, source: string) =>
    (await eslint.lintText(source, { filePath: join(ROOT, path) }))[0].messages.filter((m) => m.ruleId === 'no-restricted-properties');

  it('refuses a process.env read in a processor, a module or an app main', async () => {
    expect(await reads('libs/exchange/src/queue/planted.ts', "export const lock = Number(process.env.EXCHANGE_LOCK_MS ?? '30000');\n")).toHaveLength(1);
    expect(await reads('libs/bids/src/planted.module.ts', 'export const dir = process.env.DATA_DIR;\n')).toHaveLength(1);
    expect(await reads('apps/worker/src/planted.ts', "export const port = process.env['PORT'];\n")).toHaveLength(1);
  });

  it('lets the configuration reader read it', async () => {
    expect(await reads('libs/core/src/config/planted.ts', 'export const env = process.env;\n')).toEqual([]);
  });

  it('finds no process.env read in the code as it stands (outside the readers the rule exempts)', () => {
    const exempt = [/^libs\/core\/src\/config\//, /^libs\/provincial-receiver\/src\/provincial-sim\.ts$/, /^libs\/sealing\/src\/cli\//, /\.spec\.ts$/];
    // not into boundaries.spec.ts's __planted__/ folders: they come and go while this runs (unit specs run in parallel)
    const walk = (rel: string): string[] =>
      readdirSync(join(ROOT, rel), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? (e.name === '__planted__' ? [] : walk(`${rel}/${e.name}`)) : [`${rel}/${e.name}`],
      );
    const files = ['apps', 'libs'].flatMap((top) => walk(top).filter((f) => f.endsWith('.ts') && f.includes('/src/') && !exempt.some((e) => e.test(f))));
    expect(files.length).toBeGreaterThan(100);
    const found = files.filter((f) => /process\s*\.\s*env\b|process\s*\[\s*['"]env['"]\s*\]/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(found).toEqual([]);
  });
});
