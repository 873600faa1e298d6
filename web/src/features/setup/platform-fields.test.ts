/**
 * The channel wizard's fields against the adapters' config schemas (the server's truth): every
 * platform is offered, every field the wizard sends is a config field of that platform under the
 * same name, every required config field is asked for, every config field the wizard leaves out is
 * one a user never needs (API base URLs for tests and proxies), and every field has its label and
 * help text. Plus how the form's values become the API's config.
 */
import { readFileSync } from 'node:fs';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { adapterFor, SUPPORTED_PLATFORMS } from '../../../../src/integrations/channel-registry.ts';
import { normalizeEmailConfig } from '../../../../src/integrations/email/email.config.ts';
import { asConfig, initialValues, isShown, passes, SPECS } from './platform-fields.ts';

/** Config fields the wizard does not ask for, and why: none of them is needed to connect. */
const NOT_ASKED: Record<string, string> = {
  apiBaseUrl: 'the platform API’s base URL, for tests and proxies',
  tokenUrl: 'Teams’ token endpoint, for tests and proxies',
  openIdMetadataUrl: 'Teams’ OpenID metadata, for tests and proxies',
};

const catalog = JSON.parse(readFileSync(new URL('../../i18n/en.json', import.meta.url), 'utf8')) as Record<
  string,
  string
>;

interface ObjectSchema {
  properties: Record<string, unknown>;
  required?: string[];
}

describe('the wizard’s channel fields', () => {
  it('offers every platform the server supports', () => {
    expect(Object.keys(SPECS).sort()).toEqual([...SUPPORTED_PLATFORMS].sort());
  });

  for (const platform of SUPPORTED_PLATFORMS) {
    it(`${platform}: the adapter's config fields, under their own names, with label and help`, () => {
      const schema = adapterFor(platform).configSchema as unknown as ObjectSchema;
      const asked = SPECS[platform as keyof typeof SPECS].fields;
      const names = asked.map((f) => f.name);
      for (const n of names) expect(Object.keys(schema.properties), n).toContain(n);
      for (const n of Object.keys(schema.properties))
        if (!names.includes(n)) expect(NOT_ASKED, `${platform}.${n} is not asked for`).toHaveProperty(n);
      for (const n of schema.required ?? [])
        expect(asked.find((f) => f.name === n)?.optional, `${platform}.${n} is required`).toBeFalsy();
      for (const f of asked) {
        expect(catalog, `label of ${platform}.${f.name}`).toHaveProperty([
          `setup.field.${platform}.${f.name}`,
        ]);
        expect(catalog).toHaveProperty([`setup.field.${platform}.${f.name}.hint`]);
        if (f.check) expect(catalog).toHaveProperty([`setup.field.${f.check}`]);
        if (f.section) expect(catalog).toHaveProperty([`setup.section.${platform}.${f.section}`]);
      }
      // Secrets are password inputs, made-up ones too (their "show" toggle reveals them to copy).
      for (const s of adapterFor(platform).secretFields) {
        const f = asked.find((x) => x.name === s);
        expect(f?.kind, `${platform}.${s}`).toBe('secret');
      }
    });
  }

  it('sends an e-mail config the server accepts: typed ports and switches, defaults, IMAP only with its host', () => {
    const { fields } = SPECS.email;
    const values = {
      ...initialValues(fields),
      from: 'Acme <support@acme.example>',
      smtpHost: 'smtp.acme.example',
      smtpUser: 'support@acme.example',
      smtpPass: 'app-password',
    };
    const noImap = asConfig(fields, values);
    expect(noImap).toMatchObject({ smtpPort: 587, smtpSecure: false });
    expect(Object.keys(noImap).filter((k) => k.startsWith('imap'))).toEqual([]);
    expect(typeof noImap.inboundSecret).toBe('string');
    const withImap = asConfig(fields, { ...values, imapHost: 'imap.acme.example', imapUser: ' ' });
    expect(withImap).toMatchObject({ imapHost: 'imap.acme.example', imapPort: 993, imapSecure: true });
    expect(withImap).not.toHaveProperty('imapUser');
    const schema = adapterFor('email').configSchema;
    expect(Value.Check(schema, normalizeEmailConfig(withImap))).toBe(true);
  });

  it('shows the Discord intents only with the Gateway on, and sends them as a list', () => {
    const { fields } = SPECS.discord;
    const intents = fields.find((f) => f.name === 'gatewayIntents')!;
    const values = {
      ...initialValues(fields),
      applicationId: '123456789012345678',
      publicKey: 'a'.repeat(64),
      botToken: 'token',
    };
    expect(isShown(intents, values)).toBe(false);
    expect(asConfig(fields, values)).toEqual({ ...values, gateway: false, gatewayIntents: undefined });
    const on = asConfig(fields, { ...values, gateway: true });
    expect(on.gatewayIntents).toHaveLength(5);
    expect(Value.Check(adapterFor('discord').configSchema, on)).toBe(true);
  });

  it('leaves Twilio’s statusCallback switch out of the created config (it is saved with the URL after)', () => {
    const { fields } = SPECS.twilio;
    const config = asConfig(fields, {
      ...initialValues(fields),
      accountSid: `AC${'0'.repeat(32)}`,
      authToken: 't',
      from: '+14155550100',
    });
    expect(config).not.toHaveProperty('statusCallback');
    expect(Value.Check(adapterFor('twilio').configSchema, config)).toBe(true);
  });

  it('checks the formats the server checks', () => {
    expect(passes('port', '587')).toBe(true);
    expect(passes('port', '70000')).toBe(false);
    expect(passes('host', 'smtp.gmail.com')).toBe(true);
    expect(passes('host', 'https://smtp.gmail.com')).toBe(false);
    expect(passes('email', 'Acme <a@b.example>')).toBe(true);
    expect(passes('email', 'nobody')).toBe(false);
    expect(passes('e164', 'whatsapp:+14155550100')).toBe(true);
    expect(passes('e164', '4155550100')).toBe(false);
    expect(passes('snowflake', '1234')).toBe(false);
  });
});
