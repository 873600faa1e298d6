import { describe, expect, it } from 'vitest';
import { field, isJsonObject, numberField, objectField, stringField } from './json-field.ts';

const body: unknown = JSON.parse(
  '{"messages":[{"id":"wamid.1"}],"error":{"code":131026,"message":"x"},"n":1.5}',
);

describe('json-field', () => {
  it('walks keys and indexes', () => {
    expect(field(body, 'messages', 0, 'id')).toBe('wamid.1');
    expect(stringField(body, 'messages', 0, 'id')).toBe('wamid.1');
    expect(numberField(body, 'error', 'code')).toBe(131026);
    expect(numberField(body, 'n')).toBe(1.5);
    expect(field(body)).toBe(body);
  });

  it('gives undefined instead of throwing on a shape that does not match', () => {
    expect(field(undefined, 'a')).toBeUndefined();
    expect(field(null, 'a')).toBeUndefined();
    expect(field('text', 'length')).toBeUndefined();
    expect(field(body, 'messages', 'id')).toBeUndefined(); // a key of an array
    expect(field(body, 'error', 0)).toBeUndefined(); // an index of an object
    expect(field(body, 'messages', 5, 'id')).toBeUndefined();
    expect(stringField(body, 'error', 'code')).toBeUndefined(); // a number, not a string
    expect(numberField(body, 'error', 'message')).toBeUndefined();
    expect(numberField({ n: Number.POSITIVE_INFINITY }, 'n')).toBeUndefined();
  });

  it('never reads inherited properties', () => {
    expect(field({}, 'constructor')).toBeUndefined();
    expect(field({}, 'toString')).toBeUndefined();
    expect(field(JSON.parse('{"__proto__":{"x":1}}'), '__proto__', 'x')).toBe(1);
  });

  it('objectField returns the object itself (writable) or an empty one', () => {
    expect(objectField(body, 'error')).toBe(field(body, 'error'));
    expect(objectField(body, 'error').code).toBe(131026);
    expect(objectField(body, 'messages')).toEqual({});
    expect(objectField(body, 'error', 'code')).toEqual({});
    expect(isJsonObject([])).toBe(false);
    expect(isJsonObject(null)).toBe(false);
    expect(isJsonObject({})).toBe(true);
  });
});
