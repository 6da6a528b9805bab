/**
 * A tool's input schema turned into simple form fields. Only flat objects of scalars (and enums,
 * and arrays of strings) become fields; anything else is edited as JSON.
 */

type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'string-list' | 'json';

export interface FormField {
  name: string;
  kind: FieldKind;
  required: boolean;
  description: string | undefined;
  options: string[] | undefined;
  default: unknown;
}

type Schema = Record<string, unknown>;

function typeOf(s: Schema): string | undefined {
  const t = s.type;
  if (Array.isArray(t)) {
    return t.find((x) => x !== 'null') as string | undefined;
  }
  return typeof t === 'string' ? t : undefined;
}

export function fieldsOf(schema: Schema | undefined): { fields: FormField[]; simple: boolean } {
  const props = (schema?.properties ?? {}) as Record<string, Schema>;
  const required = new Set(Array.isArray(schema?.required) ? (schema.required as string[]) : []);
  const fields: FormField[] = [];
  let simple = true;
  for (const [name, p] of Object.entries(props)) {
    const t = typeOf(p);
    let kind: FieldKind;
    if (Array.isArray(p.enum) && p.enum.every((v) => typeof v === 'string')) {
      kind = 'enum';
    } else if (t === 'string' || t === 'number' || t === 'integer' || t === 'boolean') {
      kind = t;
    } else if (t === 'array' && typeOf((p.items ?? {}) as Schema) === 'string') {
      kind = 'string-list';
    } else {
      kind = 'json';
      simple = false;
    }
    fields.push({
      name,
      kind,
      required: required.has(name),
      description: typeof p.description === 'string' ? p.description : undefined,
      options: kind === 'enum' ? (p.enum as string[]) : undefined,
      default: p.default,
    });
  }
  return { fields, simple };
}

/** Form values (all strings/booleans) → arguments. Returns errors per field in words. */
export function argsFrom(
  fields: FormField[],
  values: Record<string, string | boolean>,
): { args: Record<string, unknown>; errors: Record<string, string> } {
  const args: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (f.kind === 'boolean') {
      if (v !== undefined) {
        args[f.name] = v === true;
      }
      continue;
    }
    const s = typeof v === 'string' ? v : '';
    if (s.trim() === '') {
      if (f.required) {
        errors[f.name] = `${f.name} is required.`;
      }
      continue;
    }
    switch (f.kind) {
      case 'number':
      case 'integer': {
        const n = Number(s);
        if (!Number.isFinite(n) || (f.kind === 'integer' && !Number.isInteger(n))) {
          errors[f.name] = `${f.name} must be ${f.kind === 'integer' ? 'a whole number' : 'a number'}.`;
        } else {
          args[f.name] = n;
        }
        break;
      }
      case 'string-list':
        args[f.name] = s
          .split('\n')
          .map((x) => x.trim())
          .filter(Boolean);
        break;
      case 'json':
        try {
          args[f.name] = JSON.parse(s);
        } catch {
          errors[f.name] = `${f.name} must be valid JSON.`;
        }
        break;
      default:
        args[f.name] = s;
    }
  }
  return { args, errors };
}
