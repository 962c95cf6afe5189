// npm run migration:run | migration:revert | migration:show | migration:generate -- <Name> <lib>
// Uses the one DataSource of the platform (libs/platform) against DATABASE_URL, or the embedded PGlite.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCliDataSource } from './cli-context';

async function main(): Promise<void> {
  const [command, name, lib] = process.argv.slice(2);
  const ds = await openCliDataSource();
  try {
    if (command === 'run') {
      const done = await ds.runMigrations({ transaction: 'each' });
      console.log(done.length ? `applied: ${done.map((m) => m.name).join(', ')}` : 'no pending migrations');
    } else if (command === 'revert') {
      await ds.undoLastMigration({ transaction: 'each' });
      console.log('reverted the last migration');
    } else if (command === 'show') {
      const pending = await ds.showMigrations();
      console.log(pending ? 'there are pending migrations' : 'no pending migrations');
      process.exitCode = pending ? 1 : 0;
    } else if (command === 'generate') {
      if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name) || !lib) {
        console.error('usage: npm run migration:generate -- <PascalCaseName> <lib>   (e.g. AddBidIndex bids)');
        process.exitCode = 2;
        return;
      }
      const sql = await ds.driver.createSchemaBuilder().log();
      if (!sql.upQueries.length) {
        console.log('the entities match the database: nothing to generate');
        return;
      }
      const ts = Date.now();
      const esc = (q: string) => q.replace(/`/g, '\\`');
      const body = `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${ts} implements MigrationInterface {
  name = '${name}${ts}';

  async up(q: QueryRunner): Promise<void> {
${sql.upQueries.map((u) => `    await q.query(\`${esc(u.query)}\`);`).join('\n')}
  }

  async down(q: QueryRunner): Promise<void> {
${sql.downQueries
  .reverse()
  .map((d) => `    await q.query(\`${esc(d.query)}\`);`)
  .join('\n')}
  }
}
`;
      const file = join('libs', lib, 'src', 'migrations', `${ts}-${name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}.ts`);
      writeFileSync(file, body);
      console.log(`wrote ${file}; add ${name}${ts} to the module's schema list`);
    } else {
      console.error('usage: migrate run|revert|show|generate <Name> <lib>');
      process.exitCode = 2;
    }
  } finally {
    await ds.destroy();
  }
}

void main();
