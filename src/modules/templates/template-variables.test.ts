import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  firstName,
  renderTemplate,
  TEMPLATE_VARIABLES as WEB_VARIABLES,
} from '../../../web/src/features/templates/render.ts';
import { isOmnifyError } from '../../kernel/errors/catalog.ts';
import { assertKnownVariables, TEMPLATE_VARIABLES, variablesIn } from './template-variables.ts';

/**
 * The API's check of a template's `{{variables}}` and the web app's renderer
 * (web/src/features/templates/render.ts, tested here: vitest runs no web unit tests of its own),
 * held together: the same variable list, and whatever the API accepts renders without a `{{…}}`.
 */
describe('template variables (API check)', () => {
  it('finds the variables, spaces inside the braces allowed', () => {
    expect(variablesIn('Hi {{contact.first_name}}, I am {{ user.name }} — {{contact.first_name}}')).toEqual([
      'contact.first_name',
      'user.name',
    ]);
    expect(variablesIn('no variables { here } {{ }}')).toEqual(['']);
    expect(variablesIn('{{{contact.name}}}')).toEqual(['contact.name']);
  });

  it('accepts the allowed variables and refuses others naming them and the allowed list', () => {
    expect(() => assertKnownVariables('Hi {{contact.name}} from {{workspace.name}}')).not.toThrow();
    expect(() =>
      assertKnownVariables('A lone {{ opening, { single } braces and a lone }} closing are text'),
    ).not.toThrow();
    let error: unknown;
    try {
      assertKnownVariables('Hi {{contact.email}} and {{Contact.Name}}');
    } catch (e) {
      error = e;
    }
    expect(isOmnifyError(error)).toBe(true);
    if (!isOmnifyError(error)) return;
    expect(error.code).toBe('OMNIFY_ERR_VALIDATION');
    expect(error.status).toBe(400);
    expect(error.message).toContain('{{contact.email}}');
    expect(error.message).toContain('{{Contact.Name}}');
    for (const v of TEMPLATE_VARIABLES) expect(error.message).toContain(`{{${v}}}`);
    expect(error.details.fields).toEqual([
      {
        path: '/body/content',
        message: 'unknown variable {{contact.email}}, {{Contact.Name}}',
        allowed: TEMPLATE_VARIABLES.map((v) => `{{${v}}}`),
      },
    ]);
    expect(error.details.unknown).toEqual(['contact.email', 'Contact.Name']);
  });
});

describe('renderTemplate (web app)', () => {
  const ctx = {
    contact: { name: '  Ana María López ' },
    user: { name: 'Dana Levi' },
    workspace: { name: 'Acme support' },
  };

  it('keeps the same variable list as the API', () => {
    expect([...WEB_VARIABLES]).toEqual([...TEMPLATE_VARIABLES]);
  });

  it('fills every variable', () => {
    expect(
      renderTemplate(
        'Hi {{contact.first_name}} ({{ contact.name }}), {{user.name}} from {{workspace.name}} here.',
        ctx,
      ),
    ).toBe('Hi Ana (Ana María López), Dana Levi from Acme support here.');
  });

  it('renders unknown variables and missing values as nothing, never the raw braces', () => {
    expect(renderTemplate('Hi {{contact.first_name}}!', { contact: { name: null } })).toBe('Hi !');
    expect(renderTemplate('Hi {{contact.name}}, {{user.name}}', {})).toBe('Hi , ');
    expect(renderTemplate('x{{nope}}y{{}}z{{ toString }}{{__proto__}}', ctx)).toBe('xyz');
    expect(renderTemplate('{{{contact.first_name}}}', ctx)).toBe('{Ana}');
  });

  it('leaves text that is no variable alone', () => {
    for (const s of ['a { b } c', 'a {{ b', 'b }} a', '{{a{b}}', '']) expect(renderTemplate(s, ctx)).toBe(s);
  });

  it('takes the first word of a name', () => {
    expect(firstName('Ana María')).toBe('Ana');
    expect(firstName('   ')).toBe('');
    expect(firstName(undefined)).toBe('');
  });

  it('fills text made of allowed variables and plain text completely', () => {
    const values: Record<string, string> = {
      'contact.name': 'Ana María López',
      'contact.first_name': 'Ana',
      'user.name': 'Dana Levi',
      'workspace.name': 'Acme support',
    };
    const piece = fc.oneof(
      fc.constantFrom(...TEMPLATE_VARIABLES).map((v) => ({ text: `{{ ${v} }}`, out: values[v]! })),
      fc
        .string({ maxLength: 8 })
        .map((t) => t.replace(/[{}]/g, ''))
        .map((t) => ({ text: t, out: t })),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const content = parts.map((p) => p.text).join('');
        expect(() => assertKnownVariables(content)).not.toThrow();
        expect(renderTemplate(content, ctx)).toBe(parts.map((p) => p.out).join(''));
      }),
      { seed: 20_260_312, numRuns: 300 },
    );
  });
});
