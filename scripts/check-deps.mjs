// Fails when a package imports against the one-way package graph
// core ← market ← agents ← scenarios, or imports a sibling's internals.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const order = ['core', 'market', 'agents', 'scenarios'];
const root = new URL('..', import.meta.url).pathname;
const problems = [];

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|mts|js|mjs)$/.test(name)) yield path;
  }
}

for (const [rank, pkg] of order.entries()) {
  const declared = Object.keys(
    JSON.parse(readFileSync(join(root, 'packages', pkg, 'package.json'), 'utf8')).dependencies ??
      {},
  );
  for (const dep of declared.filter((d) => d.startsWith('@orebus/'))) {
    const depRank = order.indexOf(dep.slice('@orebus/'.length));
    if (depRank < 0 || depRank >= rank)
      problems.push(`packages/${pkg}/package.json depends on ${dep}`);
  }
  for (const file of sourceFiles(join(root, 'packages', pkg, 'src'))) {
    const text = readFileSync(file, 'utf8');
    const where = relative(root, file);
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      const spec = match[1];
      const internal = spec.match(/^@orebus\/([^/]+)(\/.*)?$/);
      if (internal) {
        const depRank = order.indexOf(internal[1]);
        if (depRank < 0 || depRank >= rank)
          problems.push(`${where} imports ${spec} (against the graph)`);
        if (internal[2]) problems.push(`${where} imports ${spec} (use the package's public index)`);
      }
      if (/^(\.\.\/)+(core|market|agents|scenarios)\//.test(spec) || /packages\//.test(spec)) {
        problems.push(`${where} imports ${spec} (reach other packages through @orebus/NAME)`);
      }
    }
  }
}

if (problems.length > 0) {
  process.stderr.write(
    `package graph violations (core ← market ← agents ← scenarios):\n  ${problems.join('\n  ')}\n`,
  );
  process.exit(1);
}
process.stdout.write(`package graph ok: ${order.join(' ← ')}\n`);
