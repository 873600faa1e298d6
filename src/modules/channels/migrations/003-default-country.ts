import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * `channels.default_country`: the country (ISO 3166-1 alpha-2) in which the channel's national phone
 * numbers are read when identities are normalized to E.164 (`+44 20…` for a `020…` number on a GB
 * channel); null when the channel's numbers are always international.
 */
export const migration: ModuleMigration = {
  version: 3,
  name: 'default-country',
  statements: [
    `ALTER TABLE channels ADD COLUMN default_country text
       CONSTRAINT channels_default_country CHECK (default_country ~ '^[A-Z]{2}$')`,
  ],
};
