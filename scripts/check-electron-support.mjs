#!/usr/bin/env node
// Electron supports only its latest three stable majors. This asks the npm registry for the latest Electron and
// checks that the pinned one is still among the supported three. It needs the network, so it is not part of `npm test`
// (test/unit/foundation/electron-version.test.ts checks the pin offline); run it before a release:
//   node scripts/check-electron-support.mjs     exit 0 supported, 1 out of support, 2 registry not reachable
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const installed = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')).version;
const major = (version) => Number(version.split('.')[0]);

let latest;
try {
  const { stdout } = await promisify(execFile)('npm', ['view', 'electron', 'dist-tags.latest'], { timeout: 15_000 });
  latest = stdout.trim();
} catch (cause) {
  console.error(`The npm registry could not be reached to learn the latest Electron: ${cause.message}`);
  process.exit(2);
}
if (!/^\d+\.\d+\.\d+$/.test(latest)) {
  console.error(`The registry answered "${latest}", which is not a version.`);
  process.exit(2);
}
const supported = major(installed) >= major(latest) - 2;
console.log(
  `Electron ${installed} (major ${major(installed)}); latest ${latest}: ${supported ? 'within' : 'OUTSIDE'} the three supported majors.`,
);
process.exit(supported ? 0 : 1);
