// The browser build in libs/sealing/browser is generated from the TypeScript; it must not drift from it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { staleFiles, buildBrowserFiles } = require('../scripts/build-browser.js') as {
  staleFiles(): string[];
  buildBrowserFiles(): Map<string, string>;
};

describe('libs/sealing/browser', () => {
  it('is up to date with src/core and src/web (run node libs/sealing/scripts/build-browser.js)', () => {
    expect(staleFiles()).toEqual([]);
  });

  it('is ES modules importing only each other, by relative paths with .js', () => {
    for (const [name, code] of buildBrowserFiles()) {
      const specifiers = [...code.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
      if (name === 'web/index.js') expect(specifiers.length).toBeGreaterThan(5);
      for (const specifier of specifiers) expect(`${name}: ${specifier}`).toMatch(/: \.{1,2}\/[\w./-]+\.js$/);
      // a vendored package is its own UMD build, which fills the `exports` the wrapper declares and re-exports
      if (name.startsWith('vendor/')) expect(code).toMatch(/^\/\/ [\w-]+ \d+\.\d+\.\d+, copied from node_modules\/[\s\S]*\nexport const \{ [\w, ]+ \} = exports;\n$/);
      else expect(code).not.toMatch(/\brequire\(|exports\./);
    }
  });
});
