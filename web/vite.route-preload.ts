/**
 * Build plugin: `<link rel="modulepreload">` in index.html for the chunks of the routes a cold load
 * most often opens (the inbox page, lazily imported by src/app/router.tsx), so the browser fetches
 * them alongside the entry bundle instead of after it has run. Vite already preloads the entry's own
 * static imports; this adds the named module's chunk and every chunk it imports statically, minus
 * those. Fails the build when no chunk has the named module as its facade (a renamed page must be
 * renamed here too).
 */
import type { HtmlTagDescriptor, Plugin } from 'vite';

/** `modules`: source paths relative to web/src (`features/inbox/InboxPage.tsx`) of lazily imported modules. */
export function routePreload(modules: readonly string[]): Plugin {
  return {
    name: 'omnify-route-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return [];
        const chunks = new Map(
          Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c] as const] : [])),
        );
        /** A chunk and everything it imports statically. */
        const closure = (start: string, into: Set<string>) => {
          if (into.has(start)) return into;
          into.add(start);
          for (const i of chunks.get(start)?.imports ?? []) closure(i, into);
          return into;
        };
        const loaded = new Set<string>();
        for (const c of chunks.values()) if (c.isEntry) closure(c.fileName, loaded);
        const wanted = new Set<string>();
        for (const m of modules) {
          const chunk = [...chunks.values()].find((c) => c.facadeModuleId?.endsWith(`/src/${m}`));
          if (!chunk) throw new Error(`routePreload: no chunk is the lazily imported module ${m}`);
          closure(chunk.fileName, wanted);
        }
        return [...wanted]
          .filter((f) => !loaded.has(f))
          .map(
            (f): HtmlTagDescriptor => ({
              tag: 'link',
              attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` },
              injectTo: 'head',
            }),
          );
      },
    },
  };
}
