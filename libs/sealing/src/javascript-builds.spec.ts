// The JavaScript builds in libs/sealing/browser and libs/sealing/cjs are generated from the TypeScript; they must
// not drift from it.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import * as source from './index';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { staleFiles, buildBrowserFiles, buildCjsFiles } = require('../scripts/build.js') as {
  staleFiles(): string[];
  buildBrowserFiles(): Map<string, string>;
  buildCjsFiles(): Map<string, string>;
};

const ROOT = join(__dirname, '..', '..', '..');

describe('libs/sealing/browser and libs/sealing/cjs', () => {
  it('are up to date with the TypeScript (run node libs/sealing/scripts/build.js)', () => {
    expect(staleFiles()).toEqual([]);
  });

  it('browser: ES modules importing only each other, by relative paths with .js', () => {
    for (const [name, code] of buildBrowserFiles()) {
      const specifiers = [...code.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
      if (name === 'web/index.js') expect(specifiers.length).toBeGreaterThan(5);
      for (const specifier of specifiers) expect(`${name}: ${specifier}`).toMatch(/: \.{1,2}\/[\w./-]+\.js$/);
      // a vendored package is its own UMD build, which fills the `exports` the wrapper declares and re-exports
      if (name.startsWith('vendor/')) expect(code).toMatch(/^\/\/ [\w-]+ \d+\.\d+\.\d+, copied from node_modules\/[\s\S]*\nexport const \{ [\w, ]+ \} = exports;\n$/);
      else expect(code).not.toMatch(/\brequire\(|exports\./);
    }
  });

  it('cjs: CommonJS requiring only node: modules and each other, exporting what src/index.ts exports', () => {
    const files = buildCjsFiles();
    expect([...files.keys()]).toEqual(expect.arrayContaining(['index.js', 'cli/bid-seal.js', 'node/hash-worker.js', 'core/container-sealer.js']));
    for (const [name, code] of files) {
      expect(code).not.toMatch(/^\s*(?:import|export)\s/m);
      for (const [, , specifier] of code.matchAll(/\brequire\((['"])([^'"]+)\1\)/g)) expect(`${name}: ${specifier}`).toMatch(/: (node:[\w/]+|\.{1,2}\/[\w./-]+)$/);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const built = require('../cjs/index.js') as Record<string, unknown>;
    expect(Object.keys(built).sort()).toEqual(Object.keys(source).sort());
  });

  it('bin/bid-seal.js runs on the cjs build and loads nothing from node_modules (no ts-node, no TypeScript)', async () => {
    const script = [
      "process.argv = [process.argv[0], 'bid-seal', 'help'];",
      "require('./bin/bid-seal.js');",
      "process.on('exit', () => { const loaded = Object.keys(require.cache).filter((f) => f.includes('node_modules')); if (loaded.length) { console.error(loaded.join('\\n')); process.exitCode = 3; } });",
    ].join('\n');
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['-e', script], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' } }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('投标文件加密工具');
  });
});
