/**
 * The boundary rules of `npm run lint` fire on planted violations (docs/design.md "The shape"): an upward
 * import, a deep import past a lib's barrel, an app importing another app, a lib importing an app, and SQL on
 * another module's table. The import rules are dependency-cruiser's (.dependency-cruiser.cjs); the SQL rule is
 * the ESLint rule in scripts/lint/no-foreign-tables.mjs.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = join(__dirname, '..', '..');
const PLANTED = '__planted__';

interface CruiseResult {
  summary: { violations: { from: string; to: string; rule: { name: string } }[] };
}

/** Writes the files (path → source) into the tree, cruises exactly them, and removes them again. */
function cruisePlanted(files: Record<string, string>): CruiseResult['summary']['violations'] {
  const written = Object.keys(files);
  try {
    for (const [path, source] of Object.entries(files)) {
      mkdirSync(dirname(join(ROOT, path)), { recursive: true });
      writeFileSync(join(ROOT, path), source);
    }
    let out: string;
    try {
      out = execFileSync(process.execPath, [join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'), '--config', '.dependency-cruiser.cjs', '--output-type', 'json', ...written], {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
    } catch (e) {
      // dependency-cruiser exits non-zero when it finds violations; its report is still on stdout
      out = (e as { stdout: string }).stdout;
    }
    return (JSON.parse(out) as CruiseResult).summary.violations;
  } finally {
    for (const path of written) rmSync(dirname(join(ROOT, path)), { recursive: true, force: true });
  }
}

describe('module boundaries (npm run lint)', () => {
  it('refuses an upward import, a deep import, an app importing an app and a lib importing an app', () => {
    const violations = cruisePlanted({
      [`libs/announcements/src/${PLANTED}/upward.ts`]: `import { BidsModule } from '@app/bids';\nexport const x = BidsModule;\n`,
      [`libs/bids/src/${PLANTED}/deep.ts`]: `import { SectionsService } from '@app/announcements/sections/sections.service';\nexport const x = SectionsService;\n`,
      [`apps/api/src/${PLANTED}/app-to-app.ts`]: `import { WorkerModule } from '../../../worker/src/worker.module';\nexport const x = WorkerModule;\n`,
      [`libs/core/src/${PLANTED}/lib-to-app.ts`]: `import { AppModule } from '../../../../apps/api/src/app.module';\nexport const x = AppModule;\n`,
    });
    const seen = (from: string, rule: string) => violations.some((v) => v.from.includes(`${PLANTED}/${from}`) && v.rule.name === rule);
    expect(seen('upward.ts', 'layer-announcements')).toBe(true);
    expect(seen('deep.ts', 'no-deep-import')).toBe(true);
    expect(seen('app-to-app.ts', 'no-app-to-app')).toBe(true);
    expect(seen('lib-to-app.ts', 'no-lib-to-app')).toBe(true);
  }, 120_000);

  it('lets a module import what sits under it through its barrel', () => {
    const violations = cruisePlanted({
      [`libs/bids/src/${PLANTED}/downward.ts`]: `import { SectionsService } from '@app/announcements';\nexport const x = SectionsService;\n`,
    });
    expect(violations.filter((v) => v.from.includes(PLANTED))).toEqual([]);
  }, 120_000);

  describe('no SQL on another module’s tables', () => {
    const eslint = new ESLint({ cwd: ROOT });
    const lint = async (path: string, source: string) =>
      (await eslint.lintText(source, { filePath: join(ROOT, path) }))[0].messages.filter((m) => m.ruleId === 'platform/no-foreign-tables');

    it('reports a query on a table that another module’s migrations create', async () => {
      const messages = await lint('libs/announcements/src/planted.ts', 'export const q = `SELECT b.id FROM bid b WHERE b.section_id = $1`;\n');
      expect(messages).toHaveLength(1);
      expect(messages[0].message).toContain('"bid" of module bids');
    });

    it('reports a join and an insert as well', async () => {
      const messages = await lint(
        'libs/bids/src/planted.ts',
        "export const a = 'SELECT 1 FROM bid JOIN organisation o ON true';\nexport const b = 'INSERT INTO notice (id) VALUES ($1)';\n",
      );
      expect(messages.map((m) => m.message)).toEqual([expect.stringContaining('"organisation" of module identity'), expect.stringContaining('"notice" of module announcements')]);
    });

    it('lets a module query its own tables', async () => {
      expect(await lint('libs/bids/src/planted.ts', "export const q = 'SELECT id FROM bid WHERE section_id = $1';\n")).toEqual([]);
    });
  });
});
