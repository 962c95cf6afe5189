// npm run bench — runs every benchmark in this folder in turn and prints its figures.
// Each *.bench.ts exports `run(): Promise<Record<string, number | string>>` and measures its target as a ratio
// against a baseline run in the same process and the same run. `npm run bench -- sealing` runs one.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => !only.length || only.some((o) => f.startsWith(o)))
    .sort();
  const results: Record<string, Record<string, number | string>> = {};
  for (const file of files) {
    const name = file.replace('.bench.ts', '');
    console.log(`\n=== ${name}`);
    const started = Date.now();
    try {
      const mod = (await import(join(__dirname, file))) as { run: () => Promise<Record<string, number | string>> };
      results[name] = await mod.run();
    } catch (e) {
      results[name] = { error: e instanceof Error ? e.message : String(e) };
      process.exitCode = 1;
    }
    console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  console.log('\n=== summary');
  for (const [name, figures] of Object.entries(results)) {
    for (const [k, v] of Object.entries(figures)) console.log(`${name.padEnd(14)} ${k.padEnd(44)} ${typeof v === 'number' ? +v.toFixed(3) : v}`);
  }
}

void main();
