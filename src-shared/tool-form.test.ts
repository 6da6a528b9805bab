import { describe, expect, it } from 'vitest';

import { argsFrom, fieldsOf } from './tool-form.js';

describe('schema form', () => {
  const schema = {
    type: 'object',
    properties: {
      message: { type: 'string', description: 'text' },
      count: { type: 'integer' },
      loud: { type: 'boolean' },
      mode: { type: 'string', enum: ['a', 'b'] },
      tags: { type: 'array', items: { type: 'string' } },
      extra: { type: 'object' },
    },
    required: ['message'],
  };

  it('maps properties to fields and flags complex ones', () => {
    const { fields, simple } = fieldsOf(schema);
    expect(fields.map((f) => `${f.name}:${f.kind}:${f.required}`)).toEqual([
      'message:string:true',
      'count:integer:false',
      'loud:boolean:false',
      'mode:enum:false',
      'tags:string-list:false',
      'extra:json:false',
    ]);
    expect(simple).toBe(false);
  });

  it('converts values and explains bad ones', () => {
    const { fields } = fieldsOf(schema);
    expect(
      argsFrom(fields, { message: 'hi', count: '3', loud: true, tags: 'x\ny', extra: '{"a":1}' }),
    ).toEqual({
      args: { message: 'hi', count: 3, loud: true, tags: ['x', 'y'], extra: { a: 1 } },
      errors: {},
    });
    const bad = argsFrom(fields, { count: '1.5', extra: '{' });
    expect(bad.errors).toEqual({
      message: 'message is required.',
      count: 'count must be a whole number.',
      extra: 'extra must be valid JSON.',
    });
  });
});
