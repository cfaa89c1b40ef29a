// Runs the `orebus` command in-process through `main`, capturing what it writes.
import { main } from '@orebus/scenarios';

/** The exit status and the text written to stdout and stderr by `orebus ...argv`. */
export async function orebus(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { status, stdout, stderr };
}
