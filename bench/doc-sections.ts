import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DOC = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
const HEADER =
  '# Benchmarks\n\nEach section is written by its benchmark (`npm run bench -- <name>`); run it again to refresh it.\n';

/** `doc` with the block between `<!-- bench:name -->` and `<!-- /bench:name -->` replaced (appended when absent). */
function replaceSection(doc: string, name: string, markdown: string): string {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  return i >= 0 && j > i
    ? doc.slice(0, i) + block + doc.slice(j + end.length)
    : `${doc.trimEnd()}\n\n${block}\n`;
}

/**
 * Replaces benchmark `name`'s section of docs/benchmarks.md (between `<!-- bench:name -->` and
 * `<!-- /bench:name -->`), appending it when absent; other sections are kept as they are.
 */
export function writeBenchSection(name: string, markdown: string): void {
  let doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : HEADER;
  if (!doc.includes('<!-- bench:')) doc = HEADER; // an old single-benchmark file
  writeFileSync(DOC, replaceSection(doc, name, markdown));
}

/**
 * Replaces the same kind of marked section in another document (path relative to the repository
 * root, e.g. `docs/intelligence.md`), appending it at the end when the markers are absent. The rest
 * of the document is left as it is.
 */
export function writeDocSection(path: string, name: string, markdown: string): void {
  const file = fileURLToPath(new URL(`../${path}`, import.meta.url));
  writeFileSync(file, replaceSection(readFileSync(file, 'utf8'), name, markdown));
}
