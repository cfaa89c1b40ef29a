#!/usr/bin/env node
// The `orebus` command. All behaviour lives in cli/main.ts; this file only binds it to the
// process.
import { main } from '../cli/main.js';

// A reader that closes the pipe early (`orebus show S1-D1 | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const status = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY),
});
process.exitCode = status;
