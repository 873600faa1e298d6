/**
 * The web app's routes (TanStack Router, typed search params). Public: `/setup` (first owner),
 * `/login`. Everything else sits under the signed-in shell, which sends a fresh instance to the
 * setup wizard and a signed-out visitor to the sign-in page (coming back afterwards).
 */

import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { z } from 'zod/mini';
import { meQuery, setupQuery } from '../api/session.ts';
import { Shell } from '../features/shell/Shell.tsx';
import { queryClient } from './providers.tsx';

const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({ component: Outlet });

const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/setup',
  component: lazyRouteComponent(() => import('../features/setup/SetupPage.tsx'), 'SetupPage'),
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: z.object({ next: z.optional(z.string()) }),
  beforeLoad: async ({ context }) => {
    const setup = await context.queryClient.ensureQueryData(setupQuery);
    if (setup.needsOwner) throw redirect({ to: '/setup' });
  },
  component: lazyRouteComponent(() => import('../features/auth/LoginPage.tsx'), 'LoginPage'),
});

const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    const setup = await context.queryClient.ensureQueryData(setupQuery);
    if (setup.needsOwner) throw redirect({ to: '/setup' });
    const me = await context.queryClient.ensureQueryData(meQuery);
    if (!me) throw redirect({ to: '/login', search: { next: location.href } });
    return { me };
  },
  component: Shell,
});

const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/inbox' });
  },
});

/** Inbox filters live in the URL, so a view can be bookmarked and shared. */
export const inboxSearch = z.object({
  tab: z.optional(z.enum(['mine', 'unassigned', 'all'])),
  status: z.optional(z.enum(['open', 'pending', 'snoozed', 'resolved', 'all'])),
  channelId: z.optional(z.string()),
  unread: z.optional(z.boolean()),
});

export const inboxRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/inbox',
  validateSearch: inboxSearch,
  component: lazyRouteComponent(() => import('../features/inbox/InboxPage.tsx'), 'InboxPage'),
});

export const conversationRoute = createRoute({
  getParentRoute: () => inboxRoute,
  path: '$conversationId',
  component: lazyRouteComponent(() => import('../features/inbox/ConversationView.tsx'), 'ConversationView'),
});

const routeTree = rootRoute.addChildren([
  setupRoute,
  loginRoute,
  appRoute.addChildren([indexRoute, inboxRoute.addChildren([conversationRoute])]),
]);

export const router = createRouter({ routeTree, context: { queryClient }, defaultPreload: 'intent' });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
