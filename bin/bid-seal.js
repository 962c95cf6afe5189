#!/usr/bin/env node
'use strict';
// bid-seal: seal, open and inspect sealed bids (投标文件加密工具). Runs from a clone, with nothing but Node.js:
// libs/sealing/cjs is the library's CommonJS build, generated from its TypeScript by
// libs/sealing/scripts/build.js and committed (a unit spec fails when it is out of date).
const path = require('node:path');

const { main } = require(path.join(__dirname, '..', 'libs', 'sealing', 'cjs', 'cli', 'bid-seal.js'));

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`bid-seal: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  },
);
