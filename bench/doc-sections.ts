import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DOC = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
const HEADER =
  '# Benchmarks\n\nEach section is written by its benchmark (`npm run bench -- <name>`); run it again to refresh it.\n';

/**
 * Replaces benchmark `name`'s section of docs/benchmarks.md (between `<!-- bench:name -->` and
 * `<!-- /bench:name -->`), appending it when absent; other sections are kept as they are.
 */
export function writeBenchSection(name: string, markdown: string): void {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  let doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : HEADER;
  if (!doc.includes('<!-- bench:')) doc = HEADER; // an old single-benchmark file
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  doc =
    i >= 0 && j > i ? doc.slice(0, i) + block + doc.slice(j + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(DOC, doc);
}
