/**
 * The column mapping of an import: a JSON document (sent in an API body, stored with the import)
 * saying where each field of the target record comes from, how the file is written, and which row
 * shapes are known defects. `ImportMappingSchema` is the TypeBox schema the API validates against;
 * `validateMapping` adds the checks that need the target (field names, kinds, required fields).
 */
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { type FieldError, OmnifyError } from '../../../kernel/errors/catalog.ts';
import { knownCurrencyExponent } from '../../../kernel/money/currency.ts';
import { DATE_FORMATS, parseDate } from './dates.ts';
import type { TargetSpec } from './types.ts';

const ColumnName = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'Header name (exact, else case-insensitive).',
});

/** One of {@link DATE_FORMATS}. */
export const DateFormatSchema = Type.Union(
  DATE_FORMATS.map((f) => Type.Literal(f)),
  { description: 'Date layout; ISO-DATETIME keeps the UTC calendar day of the instant.' },
);

/** Field taken from one column. `default` (cell text) is used when the cell is empty or, with `optional`, the column absent. */
export const ColumnSourceSchema = Type.Object(
  {
    column: ColumnName,
    optional: Type.Optional(Type.Boolean({ description: 'The column may be absent from the file.' })),
    default: Type.Optional(Type.String({ maxLength: 200, description: 'Cell text used when empty/absent.' })),
    format: Type.Optional(DateFormatSchema),
  },
  { additionalProperties: false },
);

/** Field set to a constant, in the stored unit (money in integer minor units, dates `YYYY-MM-DD`). */
export const ConstantSourceSchema = Type.Object(
  { value: Type.Union([Type.String({ maxLength: 200 }), Type.Number()]) },
  { additionalProperties: false },
);

/** Text field made of several columns joined with `separator` (default `|`). */
export const JoinSourceSchema = Type.Object(
  {
    join: Type.Array(ColumnName, { minItems: 1, maxItems: 10 }),
    separator: Type.Optional(Type.String({ maxLength: 10 })),
  },
  { additionalProperties: false },
);

const ColumnRef = Type.Object({ column: ColumnName }, { additionalProperties: false });

/** Date built from parts; `month.names` accepts English month names (`April`, `Apr`). */
export const DatePartsSourceSchema = Type.Object(
  {
    year: Type.Union([Type.Integer({ minimum: 1000, maximum: 9999 }), ColumnRef]),
    month: Type.Object(
      { column: ColumnName, names: Type.Optional(Type.Boolean()) },
      { additionalProperties: false },
    ),
    day: ColumnRef,
  },
  { additionalProperties: false },
);

/** Where one target field comes from: a column, a constant, joined columns or date parts. */
export const FieldSourceSchema = Type.Union([
  ColumnSourceSchema,
  ConstantSourceSchema,
  JoinSourceSchema,
  DatePartsSourceSchema,
]);

/**
 * A known-defect detector: each row's `column` must have the expected shape, otherwise the row is
 * reported with `code` (and no other error of that row). `sameAs` compares with column `other`.
 */
export const ShapeCheckSchema = Type.Object(
  {
    column: ColumnName,
    expect: Type.Union([
      Type.Literal('integer'),
      Type.Literal('decimal'),
      Type.Literal('notNumber'),
      Type.Literal('nonEmpty'),
      Type.Literal('empty'),
      Type.Literal('sameAs'),
    ]),
    other: Type.Optional(ColumnName),
    code: Type.Union([Type.Literal('shifted_row'), Type.Literal('invalid_value')]),
    message: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: false },
);

/**
 * How the file is written: delimiter, header, date layout, number separators, refunds. All optional;
 * defaults: delimiter detected, header on, `YYYY-MM-DD`, `.` decimals, no digit grouping, no negatives.
 */
export const ImportFormatSchema = Type.Object(
  {
    delimiter: Type.Optional(
      Type.Union(
        [
          Type.Literal('auto'),
          Type.Literal(','),
          Type.Literal(';'),
          Type.Literal('\t'),
          Type.Literal('|'),
          Type.Literal('whitespace'),
        ],
        { description: "'auto' (default) picks , ; or tab from the header line." },
      ),
    ),
    header: Type.Optional(
      Type.Boolean({ description: 'First non-empty line is the header (default true).' }),
    ),
    columns: Type.Optional(
      Type.Array(ColumnName, { maxItems: 500, description: 'Column names of a header-less file.' }),
    ),
    dateFormat: Type.Optional(DateFormatSchema),
    decimalSeparator: Type.Optional(Type.Union([Type.Literal('.'), Type.Literal(',')])),
    thousandsSeparator: Type.Optional(
      Type.Union([Type.Literal(','), Type.Literal('.'), Type.Literal(' '), Type.Literal("'"), Type.Null()]),
    ),
    allowNegativeAmounts: Type.Optional(
      Type.Boolean({ description: 'Accept negative money values (refunds). Default false.' }),
    ),
  },
  { additionalProperties: false },
);

/** The whole mapping document. */
export const ImportMappingSchema = Type.Object(
  {
    format: Type.Optional(ImportFormatSchema),
    fields: Type.Record(Type.String({ minLength: 1, maxLength: 100 }), FieldSourceSchema),
    shapeChecks: Type.Optional(Type.Array(ShapeCheckSchema, { maxItems: 50 })),
  },
  { additionalProperties: false, description: 'CSV column mapping (docs/intelligence/import.md).' },
);

/** Static types of the schemas above (what `validateMapping` returns and presets build). */
export type ImportMapping = Static<typeof ImportMappingSchema>;
export type FieldSource = Static<typeof FieldSourceSchema>;
export type ColumnSource = Static<typeof ColumnSourceSchema>;
export type DatePartsSource = Static<typeof DatePartsSourceSchema>;
export type ShapeCheck = Static<typeof ShapeCheckSchema>;
export type ImportFormat = Static<typeof ImportFormatSchema>;

/**
 * Checks `mapping` against the schema and `target`; returns it typed. Throws
 * `OmnifyError('OMNIFY_ERR_VALIDATION')` with one `fields` entry per problem (JSON pointers into the
 * mapping): schema violations, fields the target does not have, required fields not mapped, a source
 * that does not suit the field's kind, constants of the wrong type, a header-less format without
 * `columns`, `sameAs` without `other`.
 */
export function validateMapping(mapping: unknown, target: TargetSpec): ImportMapping {
  if (!Value.Check(ImportMappingSchema, mapping)) {
    const fields = [...Value.Errors(ImportMappingSchema, mapping)]
      .slice(0, 10)
      .map((e) => ({ path: e.path || '/', message: e.message }));
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'The import mapping is invalid.', { fields });
  }
  const m = mapping as ImportMapping;
  const problems: FieldError[] = [];
  const bad = (path: string, message: string) => problems.push({ path, message });
  for (const [name, f] of Object.entries(target.fields)) {
    if (f.required && !m.fields[name])
      bad(`/fields/${name}`, `required field of ${target.name} is not mapped`);
  }
  for (const [name, src] of Object.entries(m.fields)) {
    const path = `/fields/${name}`;
    const spec = target.fields[name];
    if (!spec) {
      bad(path, `${target.name} has no field "${name}" (fields: ${Object.keys(target.fields).join(', ')})`);
      continue;
    }
    if ('year' in src && spec.kind !== 'date') bad(path, 'date parts can only fill a date field');
    if ('join' in src && spec.kind !== 'text') bad(path, 'join can only fill a text field');
    if ('format' in src && src.format && spec.kind !== 'date')
      bad(`${path}/format`, 'only date fields take a format');
    if ('value' in src) {
      const msg = constantProblem(src.value, spec.kind, m.format?.allowNegativeAmounts === true);
      if (msg) bad(`${path}/value`, msg);
    }
  }
  const fmt = m.format ?? {};
  if (fmt.header === false && !fmt.columns?.length) {
    bad('/format/columns', 'a file without header row needs the column names');
  }
  if (fmt.columns && new Set(fmt.columns).size !== fmt.columns.length) {
    bad('/format/columns', 'names must be unique');
  }
  if (fmt.columns && fmt.header !== false) {
    bad('/format/columns', 'column names are only given for a file without header (header: false)');
  }
  m.shapeChecks?.forEach((c, i) => {
    if (c.expect === 'sameAs' && !c.other) bad(`/shapeChecks/${i}/other`, "'sameAs' needs the other column");
  });
  if (problems.length > 0) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'The import mapping does not fit the target.', {
      fields: problems,
    });
  }
  return m;
}

function constantProblem(v: string | number, kind: string, allowNegative: boolean): string | undefined {
  switch (kind) {
    case 'count':
      return Number.isSafeInteger(v) && (v as number) >= 0 ? undefined : 'must be a non-negative integer';
    case 'money':
      return Number.isSafeInteger(v) && (allowNegative || (v as number) >= 0)
        ? undefined
        : 'must be a non-negative integer in currency minor units';
    case 'date':
      return typeof v === 'string' && parseDate(v) ? undefined : 'must be a date YYYY-MM-DD';
    case 'currency':
      return typeof v === 'string' && knownCurrencyExponent(v) !== null
        ? undefined
        : 'must be an ISO 4217 code';
    default:
      return typeof v === 'string' && v.trim() !== '' ? undefined : 'must be a non-empty string';
  }
}
