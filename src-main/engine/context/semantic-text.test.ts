import type { Tool } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';

import type { EmbeddingsSettings } from '../../../src-shared/config.js';
import { catalogTool } from '../../../test/lib/context.js';
import { silentLogger as logger } from '../telemetry/index.js';
import { createSemanticContext } from './semantic-state.js';
import { keyOf, known, toolText } from './semantic-text.js';

const s = { url: 'http://127.0.0.1:1', model: 'm' } as EmbeddingsSettings;
const tool = (definition: Tool) => catalogTool('srv', definition);

describe('semantic tool text and keys', () => {
  it('embeds the name words, server, title, description and parameter names', () => {
    const t = tool({
      name: 'postMessage',
      title: 'Post',
      description: 'Posts  a\nmessage.',
      inputSchema: { type: 'object', properties: { channel_id: {}, 'text.body': {} } },
    });
    expect(toolText(t)).toBe('post Message (srv). Post. Posts a message.. Parameters: channel id, text body');
    expect(toolText(tool({ name: 'x', inputSchema: { type: 'object' } }))).toBe('x (srv)');
  });

  it('keys by model and text, and recomputes only for a new definition or model', () => {
    expect(keyOf('m', 'a')).not.toBe(keyOf('n', 'a'));
    expect(keyOf('m', 'a')).toHaveLength(32);
    const ctx = createSemanticContext({ settings: () => s, resolveSecret: async () => undefined, logger });
    const t = tool({ name: 'x', inputSchema: { type: 'object' } });
    const first = known(ctx, s, t);
    expect(known(ctx, s, t)).toBe(first);
    const changed = { ...t, definition: { ...t.definition } };
    expect(known(ctx, s, changed)).not.toBe(first);
    expect(known(ctx, { ...s, model: 'n' }, changed).key).toBe(keyOf('n', first.text));
    expect(known(ctx, { ...s, model: 'n' }, t).key).toBe(keyOf('n', first.text));
  });
});
