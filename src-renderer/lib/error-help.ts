import type { ErrorCode } from '../../src-shared/errors.js';

/** Error codes only the renderer produces (the engine never sends these). */
type ClientErrorCode = 'UNREACHABLE' | 'BAD_RESPONSE';

/** What a person can do about each error code. The engine's message says what happened. */
const ERROR_HELP: Readonly<Record<ErrorCode | ClientErrorCode, string>> = {
  BAD_REQUEST: 'Check the values you entered and try again.',
  VALIDATION_FAILED: 'Some fields are not valid; fix the highlighted ones and save again.',
  UNAUTHORIZED:
    'The access token is missing or out of date. Open the link the gateway printed at start (it ends in #token=...) or restart the app.',
  FORBIDDEN_HOST: 'Open the UI through 127.0.0.1 or localhost, as printed by the gateway.',
  FORBIDDEN_ORIGIN:
    'This page is not allowed to talk to the gateway. Add its origin to gateway.allowedOrigins in settings.',
  NOT_FOUND: 'It no longer exists. The list has been refreshed.',
  PAYLOAD_TOO_LARGE: 'The request is too large. Shorten the input, or raise gateway.limits.maxBodyBytes.',
  TOO_MANY_REQUESTS: 'The gateway is busy. Wait a moment and try again.',
  UNAVAILABLE: 'The gateway is starting or shutting down. It will be back shortly.',
  TIMEOUT: 'The server did not answer in time. Check its logs, or raise its timeout in the server config.',
  INTERNAL: 'Something went wrong inside the gateway. Its log has the details.',
  CONFIG_INVALID:
    'The config file has an error. Fix it in the file (the running config stays in force meanwhile).',
  CONFIG_WRITE_FAILED:
    'The config file could not be saved. Check that the data folder is writable and the disk is not full.',
  SERVER_NOT_FOUND: 'That server is not configured any more. The list has been refreshed.',
  SERVER_EXISTS: 'A server with this name already exists. Choose another name, or edit the existing one.',
  SERVER_DISABLED: 'The server is disabled. Enable it first.',
  SERVER_NOT_RUNNING:
    'The server is not running yet. Wait until it is running, or restart it and check its logs.',
  SERVER_WAKE_FAILED:
    'The server was asleep and failed to start for this request. Open its log to see why; the gateway retries on its own.',
  COMMAND_NOT_FOUND:
    'The command could not be found. Install it (e.g. Node.js for npx, uv for uvx) or use the full path to the program.',
  ENV_KEY_REFUSED:
    'That environment variable can take over the server process and is not allowed. Remove it.',
  ARG_REFUSED: 'That argument is not allowed. Remove it.',
  BACKEND_UNREACHABLE:
    'The server could not be reached. Check the URL, that it is running, and your network.',
  BACKEND_PROTOCOL: 'The server answered, but not as an MCP server. Check the URL and transport type.',
  TOOL_NOT_FOUND: 'The tool no longer exists; the server may have changed its tool list.',
  TOOL_AMBIGUOUS: 'Several servers offer a tool of that name: call it by its gateway name (server__tool).',
  TOOL_DISABLED: 'The tool is switched off. Turn it on under Tools first.',
  TOOL_HELD_BACK:
    'The tool is held back for review: its definition changed or is new. Review it on the server page first.',
  SECRET_NOT_FOUND:
    'A ${secret:NAME} reference points to a secret that is not in the keychain. Store it again.',
  KEYCHAIN_UNAVAILABLE:
    'The OS keychain is not available. Unlock it, or put the value in the config directly.',
  CLIENT_NOT_FOUND: 'That client was not found on this machine.',
  CLIENT_CONFIG_UNPARSEABLE: 'The client’s config file could not be read. Fix it by hand, then try again.',
  CLIENT_CONFIG_CHANGED:
    'The client’s config changed since it was read. Review the new preview and apply again.',
  BACKUP_NOT_FOUND: 'The backup is gone. Nothing was restored.',
  SIGN_IN_REQUIRED: 'The server asks you to sign in. Press Sign in and finish in the browser.',
  SIGN_IN_FAILED: 'Signing in did not work. The message says why; fix that and press Sign in again.',
  TOKEN_NOT_FOUND: 'That client token no longer exists; it may have been revoked elsewhere.',
  TOKEN_EXISTS: 'A client token with that name exists already. Pick another name.',
  PROFILE_NOT_FOUND: 'That profile no longer exists; the list has been refreshed.',
  PROFILE_EXISTS: 'A profile with that name exists already. Pick another name, or edit that one.',
  PROFILE_IN_USE:
    'Client tokens still use this profile. Move them to another profile first (or pick one to move them to).',
  APPROVAL_REQUIRED:
    "This server was imported from another client's file and has not been approved yet. Check what it runs and the variables it wants, then press Approve on its page (or run mcp-gateway servers approve <name>).",
  UNREACHABLE: 'The gateway is not answering. Is it running? The page reconnects by itself.',
  BAD_RESPONSE:
    'The gateway sent an answer this page does not understand. Reload the page; if it persists, update the app.',
};

export function helpFor(code: string): string | undefined {
  return (ERROR_HELP as Record<string, string | undefined>)[code];
}
