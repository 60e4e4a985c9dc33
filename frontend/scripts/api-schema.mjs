//! Generates src/api/schema.d.ts from the OpenAPI spec, or (--check) fails when the committed file is stale.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const specArg = args.find((a) => !a.startsWith('--'));
if (!specArg) {
  console.error('usage: node scripts/api-schema.mjs <spec.yaml> [--check]');
  process.exit(2);
}
const spec = path.resolve(root, specArg);
const target = path.join(root, 'src/api/schema.d.ts');

async function generate() {
  try {
    const ast = await openapiTS(pathToFileURL(spec));
    return COMMENT_HEADER + astToString(ast);
  } catch (err) {
    console.error(`Could not generate types from ${path.relative(root, spec)}: ${err.message ?? err}`);
    process.exit(1);
  }
}

const generated = await generate();
if (!check) {
  await writeFile(target, generated);
  console.log(`wrote ${path.relative(root, target)} from ${path.relative(root, spec)}`);
  process.exit(0);
}

// Write to a temp file first so a failed comparison can point at a real file to diff.
const dir = await mkdtemp(path.join(tmpdir(), 'convot-schema-'));
const fresh = path.join(dir, 'schema.d.ts');
await writeFile(fresh, generated);
const committed = await readFile(target, 'utf8').catch(() => null);
if (committed === generated) {
  await rm(dir, { recursive: true, force: true });
  console.log(`src/api/schema.d.ts is up to date with ${path.relative(root, spec)}`);
  process.exit(0);
}
console.error(
  committed === null
    ? 'src/api/schema.d.ts is missing.'
    : `src/api/schema.d.ts is out of date with ${path.relative(root, spec)}.`,
);
console.error(`Freshly generated file: ${fresh}`);
console.error(`  diff -u src/api/schema.d.ts ${fresh}`);
console.error('Run `npm run gen:api` and commit the result.');
process.exit(1);
