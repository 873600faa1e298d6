/**
 * The web app's routes (TanStack Router, typed search params). Public: `/setup` (first owner; then
 * the wizard's `/setup/channel`, `/setup/agent` and `/setup/test` for signed-in admins),
 * `/login`, `/forgot-password`, `/reset-password?token=`, `/invite/$token`. Everything else sits under the signed-in shell, which sends a fresh instance to the
 * setup wizard and a signed-out visitor to the sign-in page (coming back afterwards).
 * A lazy route outside the inbox loads its namespace of messages with its component
 * (`withMessages`, src/i18n/namespaces.ts), so it renders only once its texts are there.
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
import { atLeast, meQuery, setupQuery } from '../api/session.ts';
import { conversationsQuery, countsQuery, inboxFilters } from '../features/inbox/queries.ts';
import { channelsQuery } from '../features/settings/queries.ts';
import { Shell } from '../features/shell/Shell.tsx';
import { withMessages } from '../i18n/catalog.ts';
import { queryClient } from './providers.tsx';

const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({ component: Outlet });

const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/setup',
  // Once the owner exists, the wizard goes on with its channel step.
  beforeLoad: async ({ context }) => {
    if (!(await context.queryClient.ensureQueryData(setupQuery)).needsOwner)
      throw redirect({ to: '/setup/channel' });
  },
  component: lazyRouteComponent(
    withMessages('setup', () => import('../features/setup/SetupPage.tsx')),
    'SetupPage',
  ),
});

/** The wizard's steps after the account are for signed-in admins and owners; others go to the inbox. */
async function wizardGuard(qc: QueryClient, href: string): Promise<void> {
  if ((await qc.ensureQueryData(setupQuery)).needsOwner) throw redirect({ to: '/setup' });
  const me = await qc.ensureQueryData(meQuery);
  if (!me) throw redirect({ to: '/login', search: { next: href } });
  if (!atLeast(me, 'admin')) throw redirect({ to: '/inbox' });
}

/** The wizard's state lives in the URL (the chosen platform, the channel): a reload stays put. */
export const wizardSearch = z.object({
  platform: z.optional(
    z.enum([
      'sandbox',
      'whatsapp',
      'telegram',
      'slack',
      'twilio',
      'messenger',
      'instagram',
      'discord',
      'email',
      'teams',
      'respondio',
      'webchat',
      'webhook',
    ]),
  ),
  channelId: z.optional(z.string()),
});

const setupChannelRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/setup/channel',
  validateSearch: wizardSearch,
  beforeLoad: ({ context, location }) => wizardGuard(context.queryClient, location.href),
  component: lazyRouteComponent(
    withMessages('setup', () => import('../features/setup/ChannelStep.tsx')),
    'ChannelStep',
  ),
});

const setupAgentRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/setup/agent',
  validateSearch: wizardSearch,
  beforeLoad: ({ context, location }) => wizardGuard(context.queryClient, location.href),
  component: lazyRouteComponent(
    withMessages('setup', () => import('../features/setup/AgentStep.tsx')),
    'AgentStep',
  ),
});

const setupTestRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/setup/test',
  validateSearch: wizardSearch,
  beforeLoad: ({ context, location }) => wizardGuard(context.queryClient, location.href),
  component: lazyRouteComponent(
    withMessages('setup', () => import('../features/setup/TestStep.tsx')),
    'TestStep',
  ),
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: z.object({
    next: z.optional(z.string()),
    notice: z.optional(z.enum(['password-reset', 'session-ended'])),
  }),
  beforeLoad: async ({ context }) => {
    const setup = await context.queryClient.ensureQueryData(setupQuery);
    if (setup.needsOwner) throw redirect({ to: '/setup' });
  },
  component: lazyRouteComponent(
    withMessages('auth', () => import('../features/auth/LoginPage.tsx')),
    'LoginPage',
  ),
});

/** Public: asks for a password-reset link. */
const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/forgot-password',
  component: lazyRouteComponent(
    withMessages('auth', () => import('../features/auth/ForgotPasswordPage.tsx')),
    'ForgotPasswordPage',
  ),
});

/** Public: the one-time link `omnify users reset-password` prints (`?token=`). */
const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reset-password',
  validateSearch: z.object({ token: z.optional(z.string()) }),
  component: lazyRouteComponent(
    withMessages('auth', () => import('../features/auth/ResetPasswordPage.tsx')),
    'ResetPasswordPage',
  ),
});

/** Public: an invitation link (`<public URL>/invite/<token>`). */
const inviteRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/invite/$token',
  component: lazyRouteComponent(
    withMessages('auth', () => import('../features/auth/InvitePage.tsx')),
    'InvitePage',
  ),
});

const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    // A cold load's waterfall, shortened: the inbox's code (fetched already by index.html's
    // modulepreload links) is evaluated while both session checks run side by side.
    if (location.pathname === '/inbox' || location.pathname.startsWith('/inbox/')) void loadInboxPage();
    const [setup, me] = await Promise.all([
      context.queryClient.ensureQueryData(setupQuery),
      context.queryClient.ensureQueryData(meQuery),
    ]);
    if (setup.needsOwner) throw redirect({ to: '/setup' });
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

/** The inbox page's code (one module fetch, shared by the early start and the route). */
const loadInboxPage = () => import('../features/inbox/InboxPage.tsx');

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
  loaderDeps: ({ search }) => search,
  // The first page of the list, the tab counts and the channels (platform icons, demo badges) are
  // asked for while the page's code loads (not awaited: the page shows its own loading state).
  loader: ({ context, deps }) => {
    const filters = inboxFilters(deps);
    void context.queryClient.prefetchInfiniteQuery(conversationsQuery(filters));
    void context.queryClient.prefetchQuery(countsQuery(filters));
    void context.queryClient.prefetchQuery(channelsQuery);
  },
  component: lazyRouteComponent(loadInboxPage, 'InboxPage'),
});

export const conversationRoute = createRoute({
  getParentRoute: () => inboxRoute,
  path: '$conversationId',
  // `?at=<messageId>` opens the timeline at that message, highlighted (links from search hits).
  validateSearch: z.object({ at: z.optional(z.string()) }),
  component: lazyRouteComponent(() => import('../features/inbox/ConversationView.tsx'), 'ConversationView'),
});

/**
 * `/inbox/search?q=`: full-text search over all messages (the box sits atop the conversation list).
 * Its static segment outranks `/inbox/$conversationId`.
 */
const searchRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/inbox/search',
  validateSearch: z.object({ q: z.optional(z.string()) }),
  component: lazyRouteComponent(() => import('../features/search/SearchPage.tsx'), 'SearchPage'),
});

/** `/settings` is for admins and owners (the API refuses the rest anyway); others go to the inbox. */
const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings',
  validateSearch: z.object({
    tab: z.optional(
      z.enum(['members', 'invitations', 'keys', 'channels', 'templates', 'workspace', 'calendar']),
    ),
  }),
  beforeLoad: ({ context }) => {
    if (!atLeast(context.me, 'admin')) throw redirect({ to: '/inbox' });
  },
  component: lazyRouteComponent(
    withMessages('settings', () => import('../features/settings/SettingsPage.tsx')),
    'SettingsPage',
  ),
});

/** Dashboard filters live in the URL: the insight kind and status (`open` = new or acknowledged). */
export const dashboardSearch = z.object({
  kind: z.optional(z.enum(['anomaly', 'fatigue', 'churn_risk', 'budget'])),
  status: z.optional(z.enum(['open', 'new', 'acknowledged', 'applied', 'dismissed', 'resolved', 'all'])),
});

/** `/dashboard`: open insights with their evidence charts (ECharts only in its lazy chunks). */
const dashboardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/dashboard',
  validateSearch: dashboardSearch,
  component: lazyRouteComponent(
    withMessages('dashboard', () => import('../features/dashboard/DashboardPage.tsx')),
    'DashboardPage',
  ),
});

/** `/dashboard/insights/$id`: one insight, its evidence, apply / roll back, acknowledge / dismiss. */
const insightRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/dashboard/insights/$id',
  component: lazyRouteComponent(
    withMessages('dashboard', () => import('../features/dashboard/InsightDetail.tsx')),
    'InsightDetail',
  ),
});

/** `/contacts` (nav "Customers"): contacts with LTV, P(alive) and expected purchases, sortable. */
const customersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/contacts',
  validateSearch: z.object({
    sort: z.optional(z.enum(['clv', 'churn_risk'])),
    atRisk: z.optional(z.boolean()),
  }),
  component: lazyRouteComponent(
    withMessages('customers', () => import('../features/customers/CustomersPage.tsx')),
    'CustomersPage',
  ),
});

const routeTree = rootRoute.addChildren([
  setupRoute,
  setupChannelRoute,
  setupAgentRoute,
  setupTestRoute,
  loginRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  inviteRoute,
  appRoute.addChildren([
    indexRoute,
    inboxRoute.addChildren([conversationRoute]),
    searchRoute,
    settingsRoute,
    dashboardRoute,
    insightRoute,
    customersRoute,
  ]),
]);

export const router = createRouter({ routeTree, context: { queryClient }, defaultPreload: 'intent' });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
