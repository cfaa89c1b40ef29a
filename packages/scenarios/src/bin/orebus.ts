#!/usr/bin/env node
// The `orebus` command. All behaviour lives in cli/main.ts; this file only binds it to the
// process.
import { main } from '../cli/main.js';

const status = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY),
});
process.exitCode = status;
