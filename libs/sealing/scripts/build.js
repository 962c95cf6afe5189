#!/usr/bin/env node
'use strict';
// Builds the JavaScript copies of the sealing library from its TypeScript, one file at a time (no type check,
// so it takes a second), into folders that are committed:
//
//   libs/sealing/browser/  ES modules of src/core and src/web, which the portal serves without a build step
//   libs/sealing/cjs/      CommonJS of src/core, src/node, src/cli and src/index.ts, which bin/bid-seal.js runs,
//                          so the bidder tool starts in a fifth of a second without ts-node or the TypeScript
//                          compiler (1.5 s and 40 MB of heap through ts-node)
//
// The TypeScript stays the one source: a unit spec runs this with --check and fails when a committed file is
// out of date.
//
//   node libs/sealing/scripts/build.js          write both
//   node libs/sealing/scripts/build.js --check  exit 1 if either differs from what would be written

const fs = require('node:fs');
const path = require('node:path');

const LIB = path.resolve(__dirname, '..');
const SRC = path.join(LIB, 'src');
const TARGETS = {
  browser: { out: path.join(LIB, 'browser'), folders: ['core', 'web'], files: [] },
  cjs: { out: path.join(LIB, 'cjs'), folders: ['core', 'node', 'cli'], files: ['index.ts'] },
};
/**
 * Packages the browser code imports, copied in as ES modules so the build stays self-contained (a page loads it
 * without a bundler or an import map). Each is the package's own single-file UMD build, which sees the `exports`
 * object below and fills it. A bundler (the portal's Vite) resolves the package from node_modules instead.
 */
const VENDORED = { 'hash-wasm': { file: 'vendor/hash-wasm-sha256.js', umd: 'hash-wasm/dist/sha256.umd.min.js', names: ['createSHA256'] } };

function sources(target) {
  const files = [...target.files];
  for (const folder of target.folders) {
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

function transpile(file, module) {
  const ts = require('typescript');
  const input = fs.readFileSync(path.join(SRC, file), 'utf8');
  const { outputText, diagnostics } = ts.transpileModule(input, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: {
      module,
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
  return outputText;
}

const header = (file) => `// Generated from libs/sealing/src/${file} by libs/sealing/scripts/build.js. Do not edit.\n`;

/** Map of output path (relative to browser/) to file content. */
function buildBrowserFiles() {
  const ts = require('typescript');
  const out = new Map();
  for (const file of sources(TARGETS.browser)) {
    const depth = '../'.repeat(file.split('/').length - 1);
    const code = transpile(file, ts.ModuleKind.ES2022).replace(/(\bfrom\s*)(['"])([^'".][^'"]*)\2/g, (match, keyword, quote, specifier) =>
      VENDORED[specifier] ? `${keyword}${quote}${depth}${VENDORED[specifier].file}${quote}` : match,
    );
    if (/\bfrom\s*['"](node:|[a-z@])/.test(code)) throw new Error(`${file} imports a package that is not vendored; the browser build allows relative imports only`);
    out.set(file.replace(/\.ts$/, '.js'), header(file) + addJsExtensions(code));
  }
  for (const [name, { file, umd, names }] of Object.entries(VENDORED)) {
    const source = fs.readFileSync(require.resolve(umd), 'utf8');
    const version = require(`${name}/package.json`).version;
    out.set(
      file,
      `// ${name} ${version}, copied from node_modules/${umd} by libs/sealing/scripts/build.js. Do not edit.\n` +
        `const exports = {};\nconst module = { exports };\n${source.trim()}\nexport const { ${names.join(', ')} } = exports;\n`,
    );
  }
  return out;
}

/** Map of output path (relative to cjs/) to file content: CommonJS for Node, requiring node: modules and each other. */
function buildCjsFiles() {
  const ts = require('typescript');
  const out = new Map();
  for (const file of sources(TARGETS.cjs)) {
    const code = transpile(file, ts.ModuleKind.CommonJS);
    const required = [...code.matchAll(/\brequire\((['"])([^'"]+)\1\)/g)].map((m) => m[2]);
    const foreign = required.filter((specifier) => !specifier.startsWith('node:') && !specifier.startsWith('.'));
    if (foreign.length > 0) throw new Error(`${file} requires ${foreign.join(', ')}; the Node build allows node: modules and relative paths only`);
    out.set(file.replace(/\.ts$/, '.js'), header(file) + code);
  }
  return out;
}

const BUILDERS = { browser: buildBrowserFiles, cjs: buildCjsFiles };

function existingFiles(name) {
  const found = new Map();
  const walk = (relative) => {
    const dir = path.join(TARGETS[name].out, relative);
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const inner = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(inner);
      else found.set(inner, fs.readFileSync(path.join(dir, entry.name), 'utf8'));
    }
  };
  walk('');
  return found;
}

/** Names of the files (target/path) that differ between the committed builds and fresh ones (empty when up to date). */
function staleFiles() {
  const stale = [];
  for (const [name, build] of Object.entries(BUILDERS)) {
    const wanted = build();
    const have = existingFiles(name);
    for (const file of new Set([...wanted.keys(), ...have.keys()])) if (wanted.get(file) !== have.get(file)) stale.push(`${name}/${file}`);
  }
  return stale.sort();
}

function write() {
  const written = [];
  for (const [name, build] of Object.entries(BUILDERS)) {
    const { out } = TARGETS[name];
    const wanted = build();
    for (const [file] of existingFiles(name)) if (!wanted.has(file)) fs.rmSync(path.join(out, file));
    for (const [file, content] of wanted) {
      fs.mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
      fs.writeFileSync(path.join(out, file), content);
      written.push(`${name}/${file}`);
    }
  }
  return written;
}

module.exports = { buildBrowserFiles, buildCjsFiles, staleFiles, write, TARGETS };

if (require.main === module) {
  if (process.argv.includes('--check')) {
    const stale = staleFiles();
    if (stale.length > 0) {
      console.error(`libs/sealing's JavaScript builds are out of date (${stale.join(', ')}): run node libs/sealing/scripts/build.js`);
      process.exit(1);
    }
    console.log('libs/sealing/browser and libs/sealing/cjs are up to date');
  } else {
    console.log(`wrote ${write().length} files to libs/sealing/browser and libs/sealing/cjs`);
  }
}
