import type { Tool } from '@modelcontextprotocol/client';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { compactTool, countToolTokens, repeatsName } from '../../src-main/engine/context/index.js';
import { type RealServer, startRealServer } from './real-servers.js';

type Schema = Record<string, unknown>;

const options = { strict: false, allErrors: true, validateFormats: false } as const;

/** Compile with the dialect the schema declares (the official servers use draft-07). */
function compile(schema: Schema): ValidateFunction {
  const dialect = String(schema['$schema'] ?? '');
  return dialect.includes('2020-12')
    ? new Ajv2020(options).compile(schema)
    : new Ajv(options).compile(schema);
}

/** A schema without `$schema` compiled both ways: as draft-07 and as 2020-12 (MCP's default). */
function compileBoth(schema: Schema): ValidateFunction[] {
  if (schema['$schema'] !== undefined) {
    return [compile(schema)];
  }
  return [new Ajv(options).compile(schema), new Ajv2020(options).compile(schema)];
}

function asSchema(v: unknown): Schema {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Schema) : {};
}

/** A plausible value for a schema node: enum/const/default first, then by type. */
function sample(node: Schema, depth = 0): unknown {
  if (Array.isArray(node['enum'])) {
    return node['enum'][0];
  }
  if ('const' in node) {
    return node['const'];
  }
  if ('default' in node) {
    return node['default'];
  }
  for (const k of ['anyOf', 'oneOf', 'allOf']) {
    const list = node[k];
    if (Array.isArray(list) && list.length > 0) {
      return sample(asSchema(list[0]), depth + 1);
    }
  }
  const type = Array.isArray(node['type']) ? node['type'][0] : node['type'];
  switch (type) {
    case 'string':
      return 'x'.repeat(Math.max(1, Number(node['minLength'] ?? 1)));
    case 'integer':
    case 'number':
      return Number(node['minimum'] ?? 1);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array': {
      const n = Math.max(1, Number(node['minItems'] ?? 1));
      return depth > 4 ? [] : Array.from({ length: n }, () => sample(asSchema(node['items']), depth + 1));
    }
    default: {
      if (depth > 4) {
        return {};
      }
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(asSchema(node['properties']))) {
        out[k] = sample(asSchema(v), depth + 1);
      }
      return out;
    }
  }
}

const OTHER_VALUES: unknown[] = ['text', '', 0, -1, 1.5, 10_000, true, false, null, [], ['a'], {}, { a: 1 }];

/** Many inputs around a schema: valid-looking ones and each way of breaking them. */
function sampleInputs(schema: Schema): unknown[] {
  const props = asSchema(schema['properties']);
  const required = Array.isArray(schema['required']) ? (schema['required'] as string[]) : [];
  const full = asSchema(sample(schema));
  const minimal = Object.fromEntries(required.map((k) => [k, full[k]]));
  const inputs: unknown[] = [full, minimal, {}, null, [], 'text', 42, { ...full, unexpected_extra: 1 }];
  for (const key of Object.keys(props)) {
    const { [key]: _dropped, ...without } = full;
    inputs.push(without);
    for (const v of OTHER_VALUES) {
      inputs.push({ ...full, [key]: v });
      inputs.push({ ...minimal, [key]: v });
    }
  }
  return inputs;
}

/** Both schemas with every `description` of a schema node removed. */
function withoutDescriptions(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(withoutDescriptions);
  }
  if (node === null || typeof node !== 'object') {
    return node;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'description' && typeof v === 'string') {
      continue;
    }
    out[k] = withoutDescriptions(v);
  }
  return out;
}

/** The official servers declare draft-07, which compaction may drop (see compact.ts). */
function withoutDialect(schema: unknown): unknown {
  if (schema === undefined) {
    return undefined;
  }
  const { $schema: _dialect, ...rest } = asSchema(schema);
  return rest;
}

function assertSameAcceptance(original: Tool, compacted: Tool): number {
  let checked = 0;
  for (const which of ['inputSchema', 'outputSchema'] as const) {
    const a = original[which];
    const b = compacted[which];
    if (a === undefined) {
      expect(b).toBeUndefined();
      continue;
    }
    const va = compile(a as Schema);
    const vbs = compileBoth(asSchema(b));
    for (const input of sampleInputs(a as Schema)) {
      const expected = va(input);
      for (const vb of vbs) {
        expect(vb(input), `${original.name}.${which} on ${JSON.stringify(input)}`).toBe(expected);
        checked++;
      }
    }
  }
  return checked;
}

describe('compaction keeps what tools accept (real server schemas)', () => {
  const servers: RealServer[] = [];
  const tools: Tool[] = [];

  beforeAll(async () => {
    for (const name of ['everything', 'memory', 'filesystem'] as const) {
      const s = await startRealServer(name);
      servers.push(s);
      tools.push(...s.tools);
    }
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('validates many sample inputs identically against original and compacted schemas', () => {
    expect(tools.length).toBeGreaterThan(30);
    let checked = 0;
    let accepted = 0;
    for (const t of tools) {
      const c = compactTool(t);
      checked += assertSameAcceptance(t, c);
      const validate = compile(t.inputSchema as Schema);
      accepted += sampleInputs(t.inputSchema as Schema).filter((i) => validate(i)).length;
    }
    // The samples exercise both outcomes, so equality is not trivially "all rejected".
    expect(checked).toBeGreaterThan(1000);
    expect(accepted).toBeGreaterThan(100);
  });

  it('leaves every validation keyword byte-for-byte the same', () => {
    for (const t of tools) {
      const c = compactTool(t);
      expect(withoutDescriptions(c.inputSchema)).toEqual(withoutDialect(withoutDescriptions(t.inputSchema)));
      expect(withoutDescriptions(c.outputSchema)).toEqual(
        withoutDialect(withoutDescriptions(t.outputSchema)),
      );
      expect(c.name).toBe(t.name);
      expect(c.annotations).toEqual(t.annotations);
    }
  });

  it('saves tokens and never costs more', () => {
    let full = 0;
    let compacted = 0;
    for (const t of tools) {
      const a = countToolTokens(t);
      const b = countToolTokens(compactTool(t));
      expect(b).toBeLessThanOrEqual(a);
      full += a;
      compacted += b;
    }
    expect(compacted).toBeLessThan(full);
  });
});

describe('compaction rules', () => {
  const tricky: Tool = {
    name: 'create_note',
    description: `   Create a note.\n\n\n\n   Use   it   for    notes.  ${'Very long explanation. '.repeat(60)}`,
    inputSchema: {
      type: 'object',
      $defs: { tag: { type: 'string', pattern: '^[a-z]+$', description: '   A tag   ' } },
      properties: {
        title: { type: 'string', description: 'Title', minLength: 1 },
        filePath: { type: 'string', description: 'The file path.' },
        // A property literally named "description" must survive.
        description: { type: 'string', description: '', default: '  keep   this  default ' },
        kind: { enum: ['a', 'b'], description: 'Which kind of note to create, a or b.' },
        tags: { type: 'array', items: { $ref: '#/$defs/tag' }, description: 'tags' },
        extra: { anyOf: [{ type: 'number', description: '  number  ' }, { type: 'null' }] },
      },
      required: ['title', 'description'],
      additionalProperties: false,
    },
  };

  it('trims, drops empty or name-repeating descriptions, caps long ones', () => {
    const c = compactTool(tricky);
    const props = (c.inputSchema.properties ?? {}) as Record<string, Schema>;
    expect(c.description?.startsWith('Create a note.\n\nUse it for notes.')).toBe(true);
    expect(c.description?.endsWith('…')).toBe(true);
    expect(c.description?.length).toBeLessThanOrEqual(600);
    expect(props['title']).toEqual({ type: 'string', minLength: 1 });
    expect(props['filePath']).toEqual({ type: 'string' });
    expect(props['description']).toEqual({ type: 'string', default: '  keep   this  default ' });
    expect(props['kind']).toEqual({ enum: ['a', 'b'], description: 'Which kind of note to create, a or b.' });
    expect(props['tags']).toEqual({ type: 'array', items: { $ref: '#/$defs/tag' } });
    expect(props['extra']).toEqual({ anyOf: [{ type: 'number', description: 'number' }, { type: 'null' }] });
    expect(c.inputSchema['$defs']).toEqual({
      tag: { type: 'string', pattern: '^[a-z]+$', description: 'A tag' },
    });
    expect(c.inputSchema.required).toEqual(['title', 'description']);
    expect(assertSameAcceptance(tricky, c)).toBeGreaterThan(50);
  });

  it('keeps $schema when the schema uses a keyword that differs between dialects', () => {
    const tuple: Tool = {
      name: 'pair',
      inputSchema: {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: {
          pair: { type: 'array', items: [{ type: 'string' }, { type: 'number' }], additionalItems: false },
        },
      },
    };
    expect(compactTool(tuple).inputSchema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    const plain: Tool = {
      ...tuple,
      inputSchema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' },
    };
    expect(compactTool(plain).inputSchema).toEqual({ type: 'object' });
  });

  it('recognises descriptions that merely repeat the name', () => {
    expect(repeatsName('The file path.', 'filePath')).toBe(true);
    expect(repeatsName('query', 'query')).toBe(true);
    expect(repeatsName('Entity name', 'entity_name')).toBe(true);
    expect(repeatsName('Path of the file to read', 'path')).toBe(false);
  });
});
