#!/usr/bin/env node
'use strict';
// Builds the browser copy of the sealing library: the platform-neutral TypeScript in libs/sealing/src/core and
// libs/sealing/src/web, transpiled one file at a time to ES modules in libs/sealing/browser/ (committed, so the
// portal serves it without a build step). The TypeScript stays the one source: a unit spec runs this with
// --check and fails when the committed files are out of date.
//
//   node libs/sealing/scripts/build-browser.js          write libs/sealing/browser/
//   node libs/sealing/scripts/build-browser.js --check  exit 1 if it differs from what would be written

const fs = require('node:fs');
const path = require('node:path');

const LIB = path.resolve(__dirname, '..');
const SRC = path.join(LIB, 'src');
const OUT = path.join(LIB, 'browser');
const FOLDERS = ['core', 'web'];
/**
 * Packages the browser code imports, copied in as ES modules so the build stays self-contained (a page loads it
 * without a bundler or an import map). Each is the package's own single-file UMD build, which sees the `exports`
 * object below and fills it. A bundler (the portal's Vite) resolves the package from node_modules instead.
 */
const VENDORED = { 'hash-wasm': { file: 'vendor/hash-wasm-sha256.js', umd: 'hash-wasm/dist/sha256.umd.min.js', names: ['createSHA256'] } };

function sources() {
  const files = [];
  for (const folder of FOLDERS) {
    for (const name of fs.readdirSync(path.join(SRC, folder)).sort()) {
      if (name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.d.ts')) files.push(`${folder}/${name}`);
    }
  }
  return files;
}

/** Relative import specifiers need their extension in a browser: './x' becomes './x.js'. */
function addJsExtensions(code) {
  return code.replace(/(\bfrom\s*|\bimport\s*)(['"])(\.{1,2}\/[^'"]+?)\2/g, (match, keyword, quote, specifier) =>
    specifier.endsWith('.js') ? match : `${keyword}${quote}${specifier}.js${quote}`,
  );
}

/** Map of output path (relative to browser/) to file content. */
function buildBrowserFiles() {
  const ts = require('typescript');
  const out = new Map();
  for (const file of sources()) {
    const input = fs.readFileSync(path.join(SRC, file), 'utf8');
    const { outputText, diagnostics } = ts.transpileModule(input, {
      fileName: file,
      reportDiagnostics: true,
      compilerOptions: {
        module: ts.ModuleKind.ES2022,
        target: ts.ScriptTarget.ES2022,
        isolatedModules: true,
        removeComments: false,
        sourceMap: false,
        useDefineForClassFields: true,
      },
    });
    if (diagnostics && diagnostics.length > 0) {
      const text = diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n');
      throw new Error(`${file}: ${text}`);
    }
    const depth = '../'.repeat(file.split('/').length - 1);
    const code = outputText.replace(/(\bfrom\s*)(['"])([^'".][^'"]*)\2/g, (match, keyword, quote, specifier) =>
      VENDORED[specifier] ? `${keyword}${quote}${depth}${VENDORED[specifier].file}${quote}` : match,
    );
    if (/\bfrom\s*['"](node:|[a-z@])/.test(code)) throw new Error(`${file} imports a package that is not vendored; the browser build allows relative imports only`);
    const header = `// Generated from libs/sealing/src/${file} by libs/sealing/scripts/build-browser.js. Do not edit.\n`;
    out.set(file.replace(/\.ts$/, '.js'), header + addJsExtensions(code));
  }
  for (const [name, { file, umd, names }] of Object.entries(VENDORED)) {
    const source = fs.readFileSync(require.resolve(umd), 'utf8');
    const version = require(`${name}/package.json`).version;
    out.set(
      file,
      `// ${name} ${version}, copied from node_modules/${umd} by libs/sealing/scripts/build-browser.js. Do not edit.\n` +
        `const exports = {};\nconst module = { exports };\n${source.trim()}\nexport const { ${names.join(', ')} } = exports;\n`,
    );
  }
  return out;
}

function existingFiles() {
  const found = new Map();
  for (const folder of [...FOLDERS, 'vendor']) {
    const dir = path.join(OUT, folder);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir)) found.set(`${folder}/${name}`, fs.readFileSync(path.join(dir, name), 'utf8'));
  }
  return found;
}

/** Names of the files that differ between the committed build and a fresh one (empty when up to date). */
function staleFiles() {
  const wanted = buildBrowserFiles();
  const have = existingFiles();
  const names = new Set([...wanted.keys(), ...have.keys()]);
  return [...names].filter((name) => wanted.get(name) !== have.get(name)).sort();
}

function write() {
  const wanted = buildBrowserFiles();
  for (const [name] of existingFiles()) if (!wanted.has(name)) fs.rmSync(path.join(OUT, name));
  for (const [name, content] of wanted) {
    fs.mkdirSync(path.dirname(path.join(OUT, name)), { recursive: true });
    fs.writeFileSync(path.join(OUT, name), content);
  }
  return [...wanted.keys()];
}

module.exports = { buildBrowserFiles, staleFiles, write, OUT };

if (require.main === module) {
  if (process.argv.includes('--check')) {
    const stale = staleFiles();
    if (stale.length > 0) {
      console.error(`libs/sealing/browser is out of date (${stale.join(', ')}): run node libs/sealing/scripts/build-browser.js`);
      process.exit(1);
    }
    console.log('libs/sealing/browser is up to date');
  } else {
    console.log(`wrote ${write().length} files to ${path.relative(process.cwd(), OUT) || '.'}`);
  }
}
