import type { NextFunction, Request, Response } from 'express';
import type { z } from 'zod';

import type { ErrorBody } from '../../../src-shared/api/contract.js';
import { ERROR_STATUS, type ErrorCode, GatewayError, isGatewayError } from '../../../src-shared/errors.js';
import { errorText } from '../../../src-shared/values.js';
import type { Logger } from '../types.js';

/** Turn engine errors into `{ code, message, field? }` answers — the only place that happens. */

export function sendError(res: Response, code: ErrorCode, message: string, field?: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body: ErrorBody = field === undefined ? { code, message } : { code, message, field };
  res.status(ERROR_STATUS[code]).json(body);
}

/** A zod failure as one readable message naming the field, e.g. `mcpServers.github.command: ...`. */
export function validationError(
  error: z.ZodError,
  prefix: string[] = [],
  code: ErrorCode = 'VALIDATION_FAILED',
): GatewayError {
  const issues = error.issues.slice(0, 5).map((i) => {
    const p = [...prefix, ...i.path.map(String)].join('.');
    return { field: p, text: p ? `${p}: ${i.message}` : i.message };
  });
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return new GatewayError(code, issues.map((i) => i.text).join('; ') + more, {
    field: issues[0]?.field || undefined,
  });
}

interface HttpErrorLike {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message?: string;
}

/** Express error handler for the API: every failure leaves as JSON. */
export function apiErrorHandler(logger: Logger, maxBodyBytes: () => number) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (isGatewayError(err)) {
      sendError(res, err.code, err.message, err.field);
      return;
    }
    const h = err as HttpErrorLike;
    if (h?.type === 'entity.too.large') {
      sendError(
        res,
        'PAYLOAD_TOO_LARGE',
        `request body is larger than ${maxBodyBytes()} bytes (gateway.limits.maxBodyBytes)`,
      );
      return;
    }
    if (h?.type === 'entity.parse.failed') {
      sendError(res, 'BAD_REQUEST', `request body is not valid JSON: ${h.message ?? ''}`.trim());
      return;
    }
    const status = h?.status ?? h?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500 && h.expose !== false) {
      sendError(res, 'BAD_REQUEST', h.message ?? `bad request (${status})`);
      return;
    }
    logger.error('control API request failed', { method: req.method, path: req.path, err: String(err) });
    sendError(res, 'INTERNAL', `internal error: ${errorText(err)}`);
  };
}
