/**
 * An app started from the Dock, Finder or a desktop launcher gets a minimal PATH (no Homebrew,
 * nvm, ~/.local/bin), so `npx`, `uvx` and `docker` would not be found. The desktop app tells the
 * engine it was launched from a GUI (`guiLaunch`); the engine then asks the user's login shell
 * for its PATH (`resolveLoginShellPath`, once, when it first starts a stdio server), so the
 * window and tray come up without waiting for the shell.
 */

/** Windows apps inherit the user's PATH from the registry; only macOS and Linux need this. */
export function needsLoginShellPath(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (platform === 'win32') {
    return false;
  }
  // An escape hatch for shells whose rc files misbehave when run non-interactively.
  return env.MCP_GATEWAY_NO_LOGIN_SHELL !== '1';
}
