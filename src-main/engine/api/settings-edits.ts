import { RESTART_SETTINGS } from '../../../src-shared/api/schemas.js';
import { type GatewaySettings, GatewaySettingsSchema } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import type { EngineContext } from '../types.js';
import { applyPatch } from './config-patch.js';
import { validationError } from './errors.js';

/** Settings changed in the config since the gateway started that only a restart applies. */
export function pendingRestart(started: GatewaySettings, now: GatewaySettings): string[] {
  return RESTART_SETTINGS.filter((k) => JSON.stringify(started[k]) !== JSON.stringify(now[k])).map(
    (k) => `gateway.${k}`,
  );
}

/** Applies a patch to `gateway` (`limits`, `supervisor` and `search` merge) and checks the result. */
export async function updateSettings(ctx: EngineContext, patch: Record<string, unknown>): Promise<void> {
  const unknownTop = Object.keys(patch).filter((k) => !(k in GatewaySettingsSchema.shape));
  if (unknownTop.length > 0) {
    throw new GatewayError(
      'VALIDATION_FAILED',
      `gateway.${unknownTop[0]}: unknown setting — known ones are ${Object.keys(GatewaySettingsSchema.shape).join(', ')}`,
      { field: `gateway.${unknownTop[0]}` },
    );
  }
  await ctx.config.update((draft) => {
    const next = structuredClone(draft.gateway);
    applyPatch(next, patch, new Set(['limits', 'supervisor', 'search']));
    const checked = GatewaySettingsSchema.safeParse(next);
    if (!checked.success) {
      throw validationError(checked.error, ['gateway']);
    }
    draft.gateway = next;
  });
}
