#!/usr/bin/env node
'use strict';
// bid-seal: seal, open and inspect sealed bids (投标文件加密工具). Runs from a clone after `npm install`:
// the TypeScript source is loaded through ts-node (transpile only, so it starts in about a second).
const path = require('node:path');

const root = path.resolve(__dirname, '..');
let tsNode;
try {
  tsNode = require('ts-node');
} catch {
  process.stderr.write(`bid-seal: ts-node is not installed; run "npm install" in ${root} first.\n`);
  process.exit(2);
}
tsNode.register({
  transpileOnly: true,
  project: path.join(root, 'tsconfig.json'),
  compilerOptions: { module: 'commonjs', sourceMap: false },
});
const { main } = require(path.join(root, 'libs', 'sealing', 'src', 'cli', 'bid-seal.ts'));

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`bid-seal: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  },
);
