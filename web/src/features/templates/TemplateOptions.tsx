import { Box, Group, Loader, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type QueryClient, useQuery } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { useT } from '../../i18n/useT.ts';
import { filterTemplates } from './filter.ts';
import { PICKER_PAGE, type Template, templatesQuery } from './queries.ts';
import { renderTemplate } from './render.ts';
import type { TemplatePicker } from './TemplatePicker.tsx';

/** How long the typed `/word` must rest before the server is asked (only when the first page is not all). */
const SERVER_SEARCH_MS = 200;

/** Loads the picker's first page of templates into the cache (called when the composer takes the focus). */
export function prefetchTemplates(qc: QueryClient): Promise<void> {
  return qc.prefetchQuery(templatesQuery());
}

/**
 * The composer's canned-response list (loaded lazily by `TemplatePicker.tsx`): the templates
 * matching the `/word` — the first {@link PICKER_PAGE} are loaded once and filtered here, a
 * workspace with more asks the server's `q` as the user types — each as `/shortcode`, title and the
 * text as it will be inserted; ↑/↓ move the highlight, Enter or Tab inserts (with the variables
 * filled in), a click too. Otherwise a loading, error or empty state. The options are a `listbox`
 * the text box points into with `aria-activedescendant`.
 */
export function TemplateOptions({ picker }: { picker: TemplatePicker }) {
  const t = useT();
  const { listId, trigger, context } = picker;
  const query = trigger?.query ?? '';
  const first = useQuery(templatesQuery());
  const [typed] = useDebouncedValue(query, SERVER_SEARCH_MS);
  const partial = first.data?.nextCursor != null;
  const searched = useQuery({ ...templatesQuery({ q: typed }), enabled: partial && typed !== '' });
  const options = useMemo(() => {
    if (!first.data) return [];
    const pool = partial && typed !== '' && searched.data ? searched.data.data : first.data.data;
    return filterTemplates(pool, query);
  }, [first.data, searched.data, partial, typed, query]);
  const loading = first.isPending || (partial && typed !== query);

  // The highlight, remembered for one `/word` (a new word starts at the top).
  const key = `${trigger?.start}:${query}`;
  const [selection, setSelection] = useState({ key: '', index: 0 });
  const active = Math.min(selection.key === key ? selection.index : 0, options.length - 1);
  const setActive = (index: number) => setSelection({ key, index });
  const optionId = (i: number) => `${listId}-option-${i}`;
  const choose = (o: Template) => picker.insert(renderTemplate(o.content, context));

  const activeId = active >= 0 ? optionId(active) : undefined;
  const { setActiveId, keys } = picker;
  useEffect(() => setActiveId(activeId), [activeId, setActiveId]);
  useEffect(() => () => setActiveId(undefined), [setActiveId]);
  useLayoutEffect(() => {
    keys.current = (e) => {
      if (options.length === 0) return false;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        setActive((active + (e.key === 'ArrowDown' ? 1 : -1) + options.length) % options.length);
      } else if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey) {
        choose(options[active]!);
      } else {
        return false;
      }
      e.preventDefault();
      return true;
    };
    return () => {
      keys.current = null;
    };
  });

  return (
    <>
      <Text size="xs" fw={600} c="dimmed" px={8} pt={4} pb={2} id={`${listId}-label`}>
        {t('templates.picker.label')}
      </Text>
      {first.error ? (
        <Text size="sm" c="red" px={8} py={6}>
          {t('templates.picker.error', { reason: first.error.message })}
        </Text>
      ) : options.length === 0 ? (
        loading ? (
          <Group px={8} py={6} gap="xs">
            <Loader size="xs" />
            <Text size="sm" c="dimmed">
              {t('templates.picker.loading')}
            </Text>
          </Group>
        ) : (
          <Text size="sm" c="dimmed" px={8} py={6} data-testid="template-picker-empty">
            {t('templates.picker.empty')}
          </Text>
        )
      ) : (
        <Box
          id={listId}
          role="listbox"
          aria-labelledby={`${listId}-label`}
          style={{ maxHeight: 260, overflowY: 'auto' }}
        >
          {options.map((o, i) => (
            <Option
              key={o.id}
              id={optionId(i)}
              template={o}
              preview={renderTemplate(o.content, context)}
              selected={i === active}
              onHover={() => setActive(i)}
              onChoose={() => choose(o)}
            />
          ))}
        </Box>
      )}
      <Text size="xs" c="dimmed" px={8} pt={4} pb={2} visibleFrom="sm">
        {t('templates.picker.hint')}
      </Text>
    </>
  );
}

function Option({
  id,
  template,
  preview,
  selected,
  onHover,
  onChoose,
}: {
  id: string;
  template: Template;
  preview: string;
  selected: boolean;
  onHover: () => void;
  onChoose: () => void;
}) {
  useEffect(() => {
    if (selected) document.getElementById(id)?.scrollIntoView({ block: 'nearest' });
  }, [selected, id]);
  return (
    // biome-ignore lint/a11y/useFocusableInteractive: the text box keeps the focus (aria-activedescendant points here)
    // biome-ignore lint/a11y/useKeyWithClickEvents: the keys are the text box's (↑/↓, Enter, Tab)
    <div
      id={id}
      role="option"
      aria-selected={selected}
      data-testid="template-option"
      // Keep the focus (and the caret) in the text box.
      onMouseDown={(e) => e.preventDefault()}
      onMouseMove={selected ? undefined : onHover}
      onClick={onChoose}
      style={{
        cursor: 'pointer',
        padding: '6px 8px',
        borderRadius: 'var(--mantine-radius-sm)',
        background: selected ? 'var(--mantine-color-default-hover)' : undefined,
      }}
    >
      <Group gap={8} wrap="nowrap">
        <Text size="sm" fw={600} style={{ flexShrink: 0 }}>
          /{template.shortcode}
        </Text>
        {template.title && (
          <Text size="sm" c="dimmed" truncate>
            {template.title}
          </Text>
        )}
      </Group>
      <Text size="xs" c="dimmed" lineClamp={2} style={{ whiteSpace: 'pre-line' }}>
        {preview}
      </Text>
    </div>
  );
}
