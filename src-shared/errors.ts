/**
 * Stable error codes. The engine throws `GatewayError` with one of these; the API turns it into
 * `{ code, message }` at the edge; the UI and CLI map codes to help text. Never rename a code.
 */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'UNAUTHORIZED',
  'FORBIDDEN_HOST',
  'FORBIDDEN_ORIGIN',
  'NOT_FOUND',
  'PAYLOAD_TOO_LARGE',
  'TOO_MANY_REQUESTS',
  'UNAVAILABLE',
  'TIMEOUT',
  'INTERNAL',
  'CONFIG_INVALID',
  'CONFIG_WRITE_FAILED',
  'SERVER_NOT_FOUND',
  'SERVER_EXISTS',
  'SERVER_DISABLED',
  'SERVER_NOT_RUNNING',
  'SERVER_WAKE_FAILED',
  'COMMAND_NOT_FOUND',
  'ENV_KEY_REFUSED',
  'ARG_REFUSED',
  'BACKEND_UNREACHABLE',
  'BACKEND_PROTOCOL',
  'TOOL_NOT_FOUND',
  'TOOL_AMBIGUOUS',
  'TOOL_DISABLED',
  'TOOL_HELD_BACK',
  'SECRET_NOT_FOUND',
  'KEYCHAIN_UNAVAILABLE',
  'CLIENT_NOT_FOUND',
  'CLIENT_CONFIG_UNPARSEABLE',
  'CLIENT_CONFIG_CHANGED',
  'BACKUP_NOT_FOUND',
  'SIGN_IN_REQUIRED',
  'SIGN_IN_FAILED',
  'TOKEN_NOT_FOUND',
  'TOKEN_EXISTS',
  'PROFILE_NOT_FOUND',
  'PROFILE_EXISTS',
  'PROFILE_IN_USE',
  'APPROVAL_REQUIRED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An engine error with a stable code and a message a person can act on. */
export class GatewayError extends Error {
  readonly code: ErrorCode;
  /** Field path for validation errors, e.g. `mcpServers.github.command`. */
  readonly field: string | undefined;
  constructor(code: ErrorCode, message: string, options?: { field?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.field = options?.field;
  }
}

export function isGatewayError(e: unknown): e is GatewayError {
  return e instanceof GatewayError;
}

/** HTTP status for each code, used only at the API edge. */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN_HOST: 403,
  FORBIDDEN_ORIGIN: 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
  INTERNAL: 500,
  CONFIG_INVALID: 400,
  CONFIG_WRITE_FAILED: 500,
  SERVER_NOT_FOUND: 404,
  SERVER_EXISTS: 409,
  SERVER_DISABLED: 409,
  SERVER_NOT_RUNNING: 409,
  SERVER_WAKE_FAILED: 502,
  COMMAND_NOT_FOUND: 400,
  ENV_KEY_REFUSED: 400,
  ARG_REFUSED: 400,
  BACKEND_UNREACHABLE: 502,
  BACKEND_PROTOCOL: 502,
  TOOL_NOT_FOUND: 404,
  TOOL_AMBIGUOUS: 409,
  TOOL_DISABLED: 409,
  TOOL_HELD_BACK: 409,
  SECRET_NOT_FOUND: 404,
  KEYCHAIN_UNAVAILABLE: 503,
  CLIENT_NOT_FOUND: 404,
  CLIENT_CONFIG_UNPARSEABLE: 422,
  CLIENT_CONFIG_CHANGED: 409,
  BACKUP_NOT_FOUND: 404,
  SIGN_IN_REQUIRED: 409,
  SIGN_IN_FAILED: 502,
  TOKEN_NOT_FOUND: 404,
  TOKEN_EXISTS: 409,
  PROFILE_NOT_FOUND: 404,
  PROFILE_EXISTS: 409,
  PROFILE_IN_USE: 409,
  APPROVAL_REQUIRED: 409,
};
