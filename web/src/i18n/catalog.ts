/**
 * The messages the app has loaded: the core set (in the entry bundle) plus each lazily loaded
 * namespace (namespaces.ts) merged in once its chunk arrives. `useMessages` hands them to the
 * IntlProvider; a route awaits its namespace before it renders (`withMessages`), so no raw key
 * shows. Loaded namespaces stay for the page's life.
 */
import { messages as core } from 'virtual:compiled-messages/core';
import { useSyncExternalStore } from 'react';
import type { MessageFormatElement } from 'react-intl';
import type { Namespace } from './namespaces.ts';

/** Compiled messages: catalog key → ICU AST. */
export type CompiledMessages = Record<string, MessageFormatElement[]>;

// One dynamic import per namespace: Rollup emits each as its own small chunk.
const loaders: Record<Namespace, () => Promise<{ messages: CompiledMessages }>> = {
  auth: () => import('virtual:compiled-messages/auth'),
  customers: () => import('virtual:compiled-messages/customers'),
  dashboard: () => import('virtual:compiled-messages/dashboard'),
  settings: () => import('virtual:compiled-messages/settings'),
  setup: () => import('virtual:compiled-messages/setup'),
};

let current: CompiledMessages = core;
const loading = new Map<Namespace, Promise<void>>();
const listeners = new Set<() => void>();

/**
 * Loads the namespaces (once each; concurrent calls share the load) and merges them into the
 * messages. Resolves when all are merged; rejects when a chunk fails to load (a later call tries
 * again).
 */
export function loadMessages(...namespaces: Namespace[]): Promise<void> {
  return Promise.all(
    namespaces.map((ns) => {
      let p = loading.get(ns);
      if (!p) {
        p = loaders[ns]().then(({ messages }) => {
          current = { ...current, ...messages };
          for (const l of listeners) l();
        });
        p.catch(() => loading.delete(ns));
        loading.set(ns, p);
      }
      return p;
    }),
  ).then(() => undefined);
}

/**
 * Wraps a route component's import so it resolves only once the namespace's messages are loaded
 * too (both load in parallel); for `lazyRouteComponent`, whose preload on intent then fetches both.
 */
export function withMessages<T>(namespace: Namespace, load: () => Promise<T>): () => Promise<T> {
  return () => Promise.all([load(), loadMessages(namespace)]).then(([m]) => m);
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const snapshot = () => current;

/** The loaded messages; the component re-renders when a namespace is merged in. */
export function useMessages(): CompiledMessages {
  return useSyncExternalStore(subscribe, snapshot);
}
