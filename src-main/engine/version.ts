import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The product version from the nearest package.json above this file (works from src and dist). */
export function productVersion(): string {
  if (cached !== undefined) {
    return cached;
  }
  let dir = new URL('.', import.meta.url);
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'mcp-gateway-desktop' && pkg.version) {
        cached = pkg.version;
        return cached;
      }
    } catch {
      // keep walking up
    }
    dir = new URL('..', dir);
  }
  cached = '0.0.0';
  return cached;
}
