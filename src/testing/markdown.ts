/**
 * Normalizes Markdown table rows so tests can compare tables whatever their padding: cells are
 * trimmed, separator cells become `---`, rows are rejoined as `| a | b |`. Other lines are kept.
 */
export function normalizeTables(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => {
      const t = line.trim();
      if (!t.startsWith('|')) return line;
      const cells = t
        .slice(1, t.endsWith('|') ? -1 : undefined)
        .split('|')
        .map((c) => c.trim())
        .map((c) => (/^:?-+:?$/.test(c) ? '---' : c));
      return `| ${cells.join(' | ')} |`;
    })
    .join('\n');
}
