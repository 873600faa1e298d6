import { Checkbox, Group, PasswordInput, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import type { ReactElement } from 'react';
import { type Control, Controller, type FieldErrors, type UseFormRegister } from 'react-hook-form';
import type { MessageId } from '../../i18n/messages.ts';
import { useT } from '../../i18n/useT.ts';
import type { FieldSpec, FieldValue, Platform } from './platform-fields.ts';

/** The form's values: channel name plus the platform's fields. */
export type FormValues = Record<string, FieldValue>;

/**
 * One config field of the channel form, by its kind: a text, password or port input (labelled
 * `setup.field.<platform>.<name>`, help text `….hint`), a switch, or a group of check boxes; a
 * section heading (`setup.section.<platform>.<section>`) above it when it starts one. `onSet` is
 * called when the user flips a switch (so a switch that follows a port stops following it).
 */
export function PlatformField({
  platform,
  field: f,
  control,
  register,
  errors,
  onSet,
}: {
  platform: Platform;
  field: FieldSpec;
  control: Control<FormValues>;
  register: UseFormRegister<FormValues>;
  errors: FieldErrors<FormValues>;
  onSet: (name: string) => void;
}) {
  const t = useT();
  const label = t(`setup.field.${platform}.${f.name}` as MessageId);
  const hint = t(`setup.field.${platform}.${f.name}.hint` as MessageId);
  const error = errors[f.name]?.message as string | undefined;
  let input: ReactElement;
  if (f.kind === 'switch')
    input = (
      <Controller
        name={f.name}
        control={control}
        render={({ field }) => (
          <Switch
            label={label}
            description={hint}
            checked={field.value === true}
            onChange={(e) => {
              onSet(f.name);
              field.onChange(e.currentTarget.checked);
            }}
            onBlur={field.onBlur}
            name={field.name}
            ref={field.ref}
          />
        )}
      />
    );
  else if (f.kind === 'choices')
    input = (
      <Controller
        name={f.name}
        control={control}
        render={({ field }) => (
          <Checkbox.Group
            label={label}
            description={hint}
            error={error}
            value={Array.isArray(field.value) ? field.value : []}
            onChange={field.onChange}
          >
            <Group gap="md" mt={6}>
              {f.options?.map((o) => (
                <Checkbox key={o} value={o} label={o} size="xs" />
              ))}
            </Group>
          </Checkbox.Group>
        )}
      />
    );
  else {
    const Input = f.kind === 'secret' ? PasswordInput : TextInput;
    input = (
      <Input
        label={label}
        description={hint}
        required={!f.optional}
        autoComplete="off"
        spellCheck={false}
        inputMode={f.kind === 'number' ? 'numeric' : undefined}
        styles={f.kind === 'number' ? { wrapper: { maxWidth: 160 } } : undefined}
        error={error}
        {...register(f.name)}
      />
    );
  }
  if (!f.section) return input;
  return (
    <Stack gap="sm" mt="xs">
      <div>
        <Title order={3} size="h6">
          {t(`setup.section.${platform}.${f.section}` as MessageId)}
        </Title>
        <Text size="xs" c="dimmed">
          {t(`setup.section.${platform}.${f.section}.hint` as MessageId)}
        </Text>
      </div>
      {input}
    </Stack>
  );
}
