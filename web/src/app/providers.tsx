import { type CSSVariablesResolver, createTheme, MantineProvider } from '@mantine/core';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useMemo } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import { ApiError } from '../api/client.ts';
import { meQuery } from '../api/session.ts';
import { useMessages } from '../i18n/catalog.ts';

/**
 * The theme; `closeLabel` names every dialog's close button (Mantine's has no accessible name of
 * its own), in the catalog's words.
 */
const themeWith = (closeLabel: string) =>
  createTheme({
    primaryColor: 'indigo',
    // White on indigo 6 is 4.3:1; shade 7 passes WCAG AA (4.5:1).
    primaryShade: { light: 7, dark: 8 },
    defaultRadius: 'md',
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    components: {
      // A plain object, not `Modal.extend`: that would pull Modal into every route's bundle.
      Modal: { defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } },
    },
  });

/** Mantine with the theme in the current locale's words. */
function Themed({ children }: { children: ReactNode }) {
  const intl = useIntl();
  const closeLabel = intl.formatMessage({ id: 'app.close' });
  const theme = useMemo(() => themeWith(closeLabel), [closeLabel]);
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" cssVariablesResolver={contrast}>
      {children}
    </MantineProvider>
  );
}

/**
 * WCAG AA contrast (4.5:1) for secondary text: Mantine's default `dimmed` (gray 6 on white) is
 * about 3.3:1, so light mode uses gray 7; in dark mode the default (dark 2 on dark 7) is 4.0:1, so it
 * uses dark 1 (about 7:1). Warning text (`c="red"`: churn risk, errors under a field) is red 9 in
 * light mode, 5.2:1 on the gray 0 of a hovered or striped table row, where red 8 was 4.3:1 and
 * Mantine's default red 6 is 3.4:1 on white; in dark mode red 4, 5.9:1 on dark 6.
 */
const contrast: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': t.colors.gray[7]!,
    '--mantine-color-placeholder': t.colors.gray[6]!,
    '--mantine-color-red-text': t.colors.red[9]!,
  },
  dark: { '--mantine-color-dimmed': t.colors.dark[1]!, '--mantine-color-red-text': t.colors.red[4]! },
});

/**
 * A 401 from any API call means the session has ended (signed out in another tab, password reset,
 * expired): go to the sign-in page, which says so and comes back here afterwards. A full load, so
 * nothing of the old session stays in memory.
 */
function onApiError(e: unknown) {
  if (!(e instanceof ApiError) || e.status !== 401) return;
  // Only a signed-in page's session can end (a wrong password on /login is a 401 too).
  if (!queryClient.getQueryData(meQuery.queryKey)) return;
  const { pathname, search } = window.location;
  const next = encodeURIComponent(pathname + search);
  window.location.assign(`/login?notice=session-ended&next=${next}`);
}

/** One query client per page load: server state is cached for 10 s, client errors are not retried. */
export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      retry: (count, e) => !(e instanceof ApiError && e.status < 500) && count < 2,
    },
  },
});

/**
 * Theme (light/dark from the system by default), messages and the server-state cache. The messages
 * are the core set plus each namespace a route has loaded so far (src/i18n/catalog.ts).
 */
export function Providers({ children }: { children: ReactNode }) {
  const messages = useMessages();
  return (
    <IntlProvider locale="en" messages={messages} defaultLocale="en">
      <Themed>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </Themed>
    </IntlProvider>
  );
}
