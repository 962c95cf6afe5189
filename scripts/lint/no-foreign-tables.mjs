// ESLint rule `platform/no-foreign-tables`: a module runs SQL only on its own tables (docs/design.md "The
// shape": modules talk through services, never through another module's tables). Which module owns a table
// is read from the migrations that create it (libs/<module>/src/migrations/*.ts); a string or template in
// libs/<module>/src that names another module's table after FROM, JOIN, INTO, UPDATE or TABLE is reported.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const SQL_TABLE = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|TRUNCATE)\s+(?:ONLY\s+|IF\s+(?:NOT\s+)?EXISTS\s+)?"?([a-z_][a-z0-9_]*)"?/gi;

let owners;
/** table name → the module whose migrations create it */
export function tableOwners(root = ROOT) {
  if (owners && root === ROOT) return owners;
  const map = new Map();
  const libs = join(root, 'libs');
  for (const lib of readdirSync(libs)) {
    const dir = join(libs, lib, 'src', 'migrations');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)) {
      if (!file.endsWith('.ts')) continue;
      const text = readFileSync(join(dir, file), 'utf8');
      for (const m of text.matchAll(/CREATE\s+(?:UNLOGGED\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?"?([a-z_][a-z0-9_]*)"?/gi)) map.set(m[1].toLowerCase(), lib);
    }
  }
  if (root === ROOT) owners = map;
  return map;
}

function moduleOf(filename) {
  const parts = relative(ROOT, filename).split(sep);
  if (parts[0] !== 'libs' || parts[2] !== 'src') return null;
  if (parts.includes('migrations') || /\.spec\.ts$/.test(filename)) return null;
  return parts[1];
}

export default {
  meta: {
    type: 'problem',
    docs: { description: "a module runs SQL only on its own tables; another module's data comes through its service" },
    schema: [],
    messages: { foreign: 'SQL on table "{{table}}" of module {{owner}}: call a service of libs/{{owner}} instead (docs/design.md "The shape")' },
  },
  create(context) {
    const self = moduleOf(context.filename);
    if (!self) return {};
    const tables = tableOwners();
    const check = (node, text) => {
      for (const m of text.matchAll(SQL_TABLE)) {
        const owner = tables.get(m[1].toLowerCase());
        if (owner && owner !== self) context.report({ node, messageId: 'foreign', data: { table: m[1], owner } });
      }
    };
    return {
      Literal(node) {
        if (typeof node.value === 'string') check(node, node.value);
      },
      TemplateLiteral(node) {
        check(node, node.quasis.map((q) => q.value.cooked ?? q.value.raw).join(' '));
      },
    };
  },
};
