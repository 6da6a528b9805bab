import { errorText } from '../../../src-shared/values.js';
/**
 * A small client for an OpenAI-compatible `POST /v1/embeddings` endpoint (Ollama, LM Studio,
 * llama.cpp, vLLM, hosted APIs). It talks to the one URL it is given and follows no redirect,
 * so tool texts and queries go nowhere else. Every request is bounded: texts per request, time,
 * requests in flight and the size of the answer; answers are checked before anything uses them.
 */

export interface EmbeddingsEndpoint {
  /** Base URL (`http://127.0.0.1:11434/v1`) or the full `…/embeddings` URL. */
  url: string;
  model: string;
  /** The resolved key (never the `${secret:…}` reference), sent as a bearer token. */
  apiKey?: string | undefined;
}

export type EmbeddingsErrorCode =
  | 'EMBEDDINGS_TIMEOUT'
  | 'EMBEDDINGS_UNREACHABLE'
  | 'EMBEDDINGS_HTTP'
  | 'EMBEDDINGS_BAD_RESPONSE'
  | 'EMBEDDINGS_TOO_LARGE';

export class EmbeddingsError extends Error {
  constructor(
    readonly code: EmbeddingsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EmbeddingsError';
  }
}

interface EmbedOptions {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

export interface EmbeddingsClientOptions {
  fetch?: typeof fetch;
  /** Texts per request (default 32). */
  maxBatch?: number;
  /** Requests in flight at once (default 2). */
  concurrency?: number;
  /** Largest answer read (default 16 MiB). */
  maxResponseBytes?: number;
  /** Largest vector accepted (default 8,192 dimensions). */
  maxDimensions?: number;
  /** Longest text sent, in characters (default 2,000). */
  maxTextChars?: number;
}

export interface EmbeddingsClient {
  /** Unit-length vectors, one per text, in order. Batches and bounds are applied here. */
  embed(texts: readonly string[], options: EmbedOptions): Promise<Float32Array[]>;
}

/** The URL requests go to: `…/embeddings` as given, else the base URL + `/embeddings`. */
export function embeddingsUrl(base: string): URL {
  const url = new URL(base);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EmbeddingsError('EMBEDDINGS_UNREACHABLE', `embeddings url must be http(s): ${url.protocol}`);
  }
  if (!/\/embeddings\/?$/.test(url.pathname)) {
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/embeddings`;
  }
  return url;
}

function describeFailure(err: unknown, url: URL, timedOut: boolean): EmbeddingsError {
  if (err instanceof EmbeddingsError) {
    return err;
  }
  if (timedOut) {
    return new EmbeddingsError(
      'EMBEDDINGS_TIMEOUT',
      `the embeddings endpoint ${url.origin} did not answer in time`,
    );
  }
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const detail = typeof cause?.code === 'string' ? cause.code : errorText(err);
  return new EmbeddingsError(
    'EMBEDDINGS_UNREACHABLE',
    `cannot reach the embeddings endpoint ${url.origin} (${detail}): is it running, and is the URL right?`,
  );
}

/** Reads at most `max` bytes of a body, refusing (and cancelling) a longer one. */
async function readLimited(res: Response, max: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel().catch(() => undefined);
    throw new EmbeddingsError('EMBEDDINGS_TOO_LARGE', `the embeddings answer is larger than ${max} bytes`);
  }
  if (res.body === null) {
    return '';
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw new EmbeddingsError('EMBEDDINGS_TOO_LARGE', `the embeddings answer is larger than ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Checks an answer's shape and turns it into unit vectors, in the order of the input. */
function parseEmbeddings(body: string, count: number, maxDimensions: number): Float32Array[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new EmbeddingsError('EMBEDDINGS_BAD_RESPONSE', 'the embeddings endpoint did not answer JSON');
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data) || data.length !== count) {
    throw new EmbeddingsError(
      'EMBEDDINGS_BAD_RESPONSE',
      `the embeddings answer has no "data" list of ${count} item(s): is this an OpenAI-compatible /v1/embeddings endpoint?`,
    );
  }
  const out: (Float32Array | undefined)[] = new Array<Float32Array | undefined>(count);
  let dims = -1;
  data.forEach((item: unknown, position) => {
    const { embedding, index } = (item ?? {}) as { embedding?: unknown; index?: unknown };
    const at = typeof index === 'number' && Number.isInteger(index) ? index : position;
    if (!Array.isArray(embedding) || embedding.length === 0 || embedding.length > maxDimensions) {
      throw new EmbeddingsError(
        'EMBEDDINGS_BAD_RESPONSE',
        `the embeddings answer has no usable "embedding" list (1 to ${maxDimensions} numbers) at item ${position}`,
      );
    }
    if (dims >= 0 && embedding.length !== dims) {
      throw new EmbeddingsError(
        'EMBEDDINGS_BAD_RESPONSE',
        'the embeddings answer mixes vectors of different lengths',
      );
    }
    dims = embedding.length;
    if (at < 0 || at >= count || out[at] !== undefined) {
      throw new EmbeddingsError(
        'EMBEDDINGS_BAD_RESPONSE',
        `the embeddings answer has a wrong or repeated index ${at}`,
      );
    }
    const v = new Float32Array(dims);
    let norm = 0;
    for (let i = 0; i < dims; i++) {
      const x: unknown = embedding[i];
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        throw new EmbeddingsError(
          'EMBEDDINGS_BAD_RESPONSE',
          'the embeddings answer has a value that is not a number',
        );
      }
      v[i] = x;
      norm += x * x;
    }
    if (norm === 0) {
      throw new EmbeddingsError('EMBEDDINGS_BAD_RESPONSE', 'the embeddings answer has an all-zero vector');
    }
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < dims; i++) {
      v[i] = (v[i] ?? 0) * scale;
    }
    out[at] = v;
  });
  return out as Float32Array[];
}

function requestHeaders(apiKey: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
  };
  if (apiKey !== undefined && apiKey.length > 0) {
    headers['authorization'] = `Bearer ${apiKey}`;
  }
  return headers;
}

/** An error answer: its status, the endpoint's own message when it sends one, and what to check. */
export function httpFailure(status: number, body: string): EmbeddingsError {
  let detail = '';
  try {
    const e = (JSON.parse(body) as { error?: { message?: unknown } | string }).error;
    const m = typeof e === 'string' ? e : e?.message;
    detail = typeof m === 'string' ? `: ${m.slice(0, 200)}` : '';
  } catch {
    // Not JSON: the status says enough.
  }
  const hint =
    status === 401 || status === 403
      ? ' (check apiKey)'
      : status === 404
        ? ' (check the url and the model name)'
        : '';
  return new EmbeddingsError(
    'EMBEDDINGS_HTTP',
    `the embeddings endpoint answered HTTP ${status}${detail}${hint}`,
  );
}

export function createEmbeddingsClient(
  endpoint: EmbeddingsEndpoint,
  options: EmbeddingsClientOptions = {},
): EmbeddingsClient {
  const doFetch = options.fetch ?? fetch;
  const maxBatch = options.maxBatch ?? 32;
  const concurrency = options.concurrency ?? 2;
  const maxResponseBytes = options.maxResponseBytes ?? 16 * 1024 * 1024;
  const maxDimensions = options.maxDimensions ?? 8_192;
  const maxTextChars = options.maxTextChars ?? 2_000;
  const url = embeddingsUrl(endpoint.url);

  async function request(texts: string[], opts: EmbedOptions): Promise<Float32Array[]> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, opts.timeoutMs);
    const onAbort = (): void => controller.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const res = await doFetch(url, {
        method: 'POST',
        headers: requestHeaders(endpoint.apiKey),
        body: JSON.stringify({ model: endpoint.model, input: texts, encoding_format: 'float' }),
        // Tool data goes to the configured URL only, never to wherever it redirects.
        redirect: 'error',
        signal: controller.signal,
      });
      const body = await readLimited(res, maxResponseBytes);
      if (!res.ok) {
        throw httpFailure(res.status, body);
      }
      return parseEmbeddings(body, texts.length, maxDimensions);
    } catch (err) {
      throw describeFailure(err, url, timedOut);
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    async embed(texts, opts) {
      const clipped = texts.map((t) => (t.length > maxTextChars ? t.slice(0, maxTextChars) : t));
      const batches: string[][] = [];
      for (let i = 0; i < clipped.length; i += maxBatch) {
        batches.push(clipped.slice(i, i + maxBatch));
      }
      const results: Float32Array[][] = new Array<Float32Array[]>(batches.length);
      let next = 0;
      let failed = false;
      const worker = async (): Promise<void> => {
        while (next < batches.length && !failed) {
          const i = next++;
          try {
            results[i] = await request(batches[i] ?? [], opts);
          } catch (err) {
            // The other worker stops after its current batch instead of sending the rest.
            failed = true;
            throw err;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
      const out = results.flat();
      const dims = out[0]?.length;
      if (out.some((v) => v.length !== dims)) {
        throw new EmbeddingsError(
          'EMBEDDINGS_BAD_RESPONSE',
          'the embeddings endpoint answered vectors of different lengths',
        );
      }
      return out;
    },
  };
}
