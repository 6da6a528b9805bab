import { z } from 'zod';

import { API_PREFIX, ErrorBodySchema, openApiPath, type RouteDef } from './contract.js';

/** Build an OpenAPI 3.1 document from route definitions (the same ones the engine validates with). */

type JsonObject = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', reused: 'inline' }) as JsonObject;
  delete out.$schema;
  return out;
}

/** Each top-level property of a params/query object becomes an OpenAPI parameter. */
function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonObject[] {
  if (schema === undefined) {
    return [];
  }
  const js = jsonSchema(schema, 'input');
  const props = (js.properties ?? {}) as Record<string, JsonObject>;
  const required = new Set((js.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' ? true : required.has(name),
    schema: s,
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
  }));
}

export interface OpenApiInfo {
  title?: string;
  version: string;
  /** Extra description appended to the info block. */
  description?: string;
}

export function buildOpenApi(routes: readonly RouteDef[], info: OpenApiInfo): JsonObject {
  const paths: Record<string, Record<string, JsonObject>> = {};
  const errorResponse = {
    description: 'Error',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
  for (const r of routes) {
    const p = API_PREFIX + openApiPath(r.path);
    const op: JsonObject = {
      operationId: r.id,
      summary: r.summary,
      tags: [r.tag],
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      responses: {
        [String(r.status ?? 200)]:
          r.kind === 'sse'
            ? {
                description: 'Server-Sent Events; each `data:` line is one JSON value of this schema',
                content: { 'text/event-stream': { schema: jsonSchema(r.response, 'output') } },
              }
            : {
                description: 'OK',
                content: { 'application/json': { schema: jsonSchema(r.response, 'output') } },
              },
        default: errorResponse,
      },
    };
    if (r.description !== undefined) {
      op.description = r.description;
    }
    if (r.body !== undefined) {
      op.requestBody = {
        required: true,
        content: { 'application/json': { schema: jsonSchema(r.body, 'input') } },
      };
    }
    (paths[p] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: info.title ?? 'MCP Gateway control API',
      version: info.version,
      description:
        'Local control API of the MCP gateway. Every route needs `Authorization: Bearer <admin token>`.' +
        (info.description ? `\n\n${info.description}` : ''),
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: jsonSchema(ErrorBodySchema, 'output') },
    },
    paths,
  };
}
