import { TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useT } from '../../i18n/useT.ts';
import { MAX_QUERY } from './queries.ts';

/**
 * The message search box (a form in a `<search>` landmark): Enter opens `/inbox/search?q=…`. Labelled
 * "Search messages" (the `/` shortcut finds it by that label, features/shortcuts/commands.ts).
 * `initial` pre-fills it (the results page).
 */
export function SearchBox({ initial = '', autoFocus = false }: { initial?: string; autoFocus?: boolean }) {
  const t = useT();
  const navigate = useNavigate();
  const [value, setValue] = useState(initial);
  return (
    <search>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const q = value.trim();
          if (q) void navigate({ to: '/inbox/search', search: { q } });
        }}
      >
        <TextInput
          type="search"
          size="xs"
          aria-label={t('search.label')}
          placeholder={t('search.placeholder')}
          leftSection={<IconSearch size={14} aria-hidden />}
          value={value}
          maxLength={MAX_QUERY}
          autoFocus={autoFocus}
          onChange={(e) => setValue(e.currentTarget.value)}
          data-testid="search-box"
        />
      </form>
    </search>
  );
}
