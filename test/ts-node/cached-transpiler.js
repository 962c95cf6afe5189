// A ts-node transpiler for the processes the tests start from TypeScript (the worker, the api, the CLIs):
// TypeScript's own transpileModule, as ts-node --transpile-only uses it, with its output kept on disk keyed
// by the compiler version, the options, the file name and its text. Each such process spent ~4 s of CPU
// transpiling the same few hundred files again (a CPU profile of `npm run audit:verify`'s start: 3.9 of
// 6.4 s in typescript); with the cache it reads them back. The output is byte for byte what TypeScript
// gives; a file with diagnostics is never cached (ts-node reports them as before).
// Used through test/ts-node/tsconfig.json (TS_NODE_PROJECT), never by production, which runs the build.
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const DIR = join(tmpdir(), 'etendering-ts-node-cache');

exports.create = function create({ service, nodeModuleEmitKind }) {
  const ts = require(service.projectLocalResolveHelper('typescript', true));
  const compilerOptions = service.config.options;
  const salt = createHash('sha256')
    .update(ts.version)
    .update('\0')
    .update(JSON.stringify(compilerOptions))
    .update('\0')
    .update(String(nodeModuleEmitKind))
    .digest('hex');
  mkdirSync(DIR, { recursive: true });
  return {
    transpile(code, { fileName }) {
      const key = createHash('sha256').update(salt).update('\0').update(fileName).update('\0').update(code).digest('hex');
      const path = join(DIR, `${key}.json`);
      try {
        return JSON.parse(readFileSync(path, 'utf8'));
      } catch {
        /* not cached yet */
      }
      const result = ts.transpileModule(code, { fileName, compilerOptions, reportDiagnostics: true });
      const out = { outputText: result.outputText, sourceMapText: result.sourceMapText };
      if (result.diagnostics && result.diagnostics.length) return { ...out, diagnostics: result.diagnostics };
      // written whole under a private name, then renamed: a process reading at the same time sees all or nothing
      const tmp = `${path}.${process.pid}.tmp`;
      try {
        writeFileSync(tmp, JSON.stringify(out));
        renameSync(tmp, path);
      } catch {
        /* a full or read-only disk: transpiled all the same */
      }
      return out;
    },
  };
};
