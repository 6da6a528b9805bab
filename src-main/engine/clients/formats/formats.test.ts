import { describe, expect, it } from 'vitest';

import { editConfigText, parseConfigText } from './index.js';
import { deleteJsonPath, setJsonPath } from './json.js';

const GW = { url: 'http://127.0.0.1:7411/mcp' };

describe('JSON edits touch only the entry that changes', () => {
  it('appends after the last entry and its comment, keeping a trailing-comma style', () => {
    const text = '{\n  "s": {\n    "a": 1, // about a\n  },\n}\n';
    expect(setJsonPath(text, ['s', 'gw'], GW)).toBe(
      '{\n  "s": {\n    "a": 1, // about a\n    "gw": {\n      "url": "http://127.0.0.1:7411/mcp"\n    },\n  },\n}\n',
    );
  });

  it('adds a comma to the last entry of strict JSON without moving its comment', () => {
    const text = '{\n\t"s": {\n\t\t"a": 1 /* keep */\n\t}\n}';
    expect(setJsonPath(text, ['s', 'gw'], GW)).toBe(
      '{\n\t"s": {\n\t\t"a": 1, /* keep */\n\t\t"gw": {\n\t\t\t"url": "http://127.0.0.1:7411/mcp"\n\t\t}\n\t}\n}',
    );
  });

  it('creates the container in an empty object and in a missing key', () => {
    expect(setJsonPath('{}', ['mcpServers', 'gw'], GW)).toBe(
      '{\n  "mcpServers": {\n    "gw": {\n      "url": "http://127.0.0.1:7411/mcp"\n    }\n  }\n}',
    );
    expect(setJsonPath('{\r\n   "x": true\r\n}\r\n', ['mcpServers', 'gw'], GW)).toBe(
      '{\r\n   "x": true,\r\n   "mcpServers": {\r\n      "gw": {\r\n         "url": "http://127.0.0.1:7411/mcp"\r\n      }\r\n   }\r\n}\r\n',
    );
  });

  it('keeps one-line objects on one line', () => {
    expect(setJsonPath('{"mcpServers": {"a": {"command": "x"}}}', ['mcpServers', 'gw'], GW)).toBe(
      '{"mcpServers": {"a": {"command": "x"}, "gw": {"url":"http://127.0.0.1:7411/mcp"}}}',
    );
  });

  it('replaces only the value of an existing entry', () => {
    const text = '{\n  "s": {\n    "gw": { "url": "old" }, // ours\n    "b": 2\n  }\n}\n';
    expect(setJsonPath(text, ['s', 'gw'], GW)).toBe(
      '{\n  "s": {\n    "gw": {\n      "url": "http://127.0.0.1:7411/mcp"\n    }, // ours\n    "b": 2\n  }\n}\n',
    );
  });

  it('deletes first, middle, last and only entries', () => {
    const text = '{\n  "s": {\n    "a": 1,\n    "b": 2,\n    "c": 3\n  }\n}\n';
    expect(deleteJsonPath(text, ['s', 'a'])).toBe('{\n  "s": {\n    "b": 2,\n    "c": 3\n  }\n}\n');
    expect(deleteJsonPath(text, ['s', 'b'])).toBe('{\n  "s": {\n    "a": 1,\n    "c": 3\n  }\n}\n');
    expect(deleteJsonPath(text, ['s', 'c'])).toBe('{\n  "s": {\n    "a": 1,\n    "b": 2\n  }\n}\n');
    expect(deleteJsonPath('{"s": {"a": 1}}', ['s', 'a'])).toBe('{"s": {}}');
    expect(deleteJsonPath('{"s": {"a": 1, "b": 2}}', ['s', 'b'])).toBe('{"s": {"a": 1}}');
    expect(deleteJsonPath('{"s": {"a": 1}}', ['s', 'zz'])).toBe('{"s": {"a": 1}}');
  });

  it('insert then delete gives back the exact original', () => {
    const samples = [
      '// c\n{\n\t"mcpServers": {\n\t\t"a": { "command": "x" }, // tail\n\t},\n\t"z": [1, 2],\n}\n',
      '{\r\n  "mcpServers": {\r\n    "a": {\r\n      "command": "x"\r\n    }\r\n  }\r\n}\r\n',
      '{ "other": 1, "mcpServers": { "a": { "command": "x" } } }',
    ];
    for (const s of samples) {
      const added = editConfigText('jsonc', s, ['mcpServers'], 'map', [{ op: 'set', name: 'gw', value: GW }]);
      expect(editConfigText('jsonc', added, ['mcpServers'], 'map', [{ op: 'delete', name: 'gw' }])).toBe(s);
    }
  });
});

describe('YAML edits', () => {
  it('splices a block map entry and removes it again byte-for-byte', () => {
    const text = 'a: 1 # one\nextensions:\n    x:\n        cmd: y   # spaced\n\nafter: [1, 2]\n';
    const added = editConfigText('yaml', text, ['extensions'], 'map', [
      { op: 'set', name: 'gw', value: { uri: 'u', envs: {} } },
    ]);
    expect(added).toBe(
      'a: 1 # one\nextensions:\n    x:\n        cmd: y   # spaced\n    gw:\n        uri: u\n        envs: {}\n\nafter: [1, 2]\n',
    );
    expect(editConfigText('yaml', added, ['extensions'], 'map', [{ op: 'delete', name: 'gw' }])).toBe(text);
  });

  it('appends a missing top-level list and keeps CRLF', () => {
    const text = 'name: a\r\nversion: 1\r\n';
    const out = editConfigText('yaml', text, ['mcpServers'], 'list', [
      { op: 'set', name: 'gw', value: { name: 'gw', url: 'u' } },
    ]);
    expect(out).toBe('name: a\r\nversion: 1\r\nmcpServers:\r\n  - name: gw\r\n    url: u\r\n');
  });

  it('falls back to the Document API for flow collections, and the result is still verified', () => {
    const text = 'extensions: {x: {cmd: y}}\n';
    const out = editConfigText('yaml', text, ['extensions'], 'map', [
      { op: 'set', name: 'gw', value: { uri: 'u' } },
    ]);
    expect(parseConfigText('yaml', out)).toEqual({ extensions: { x: { cmd: 'y' }, gw: { uri: 'u' } } });
  });

  it('reports YAML errors with a position', () => {
    expect(() => parseConfigText('yaml', 'a: [1, 2\nb: 3\n')).toThrow();
    try {
      parseConfigText('yaml', 'a: b: c\n');
    } catch (e) {
      expect((e as { problem: { line: number } }).problem.line).toBe(1);
    }
  });
});

describe('TOML edits', () => {
  it('appends a table at the end and removes it again exactly', () => {
    const text = '# top\nmodel = "x" # m\n\n[mcp_servers.a]\ncommand = "y"\n\n[profiles.p]\nmodel = "z"\n';
    const added = editConfigText('toml', text, ['mcp_servers'], 'map', [
      { op: 'set', name: 'mcp-gateway', value: GW },
    ]);
    expect(added).toBe(`${text}\n[mcp_servers.mcp-gateway]\nurl = "http://127.0.0.1:7411/mcp"\n`);
    expect(
      editConfigText('toml', added, ['mcp_servers'], 'map', [{ op: 'delete', name: 'mcp-gateway' }]),
    ).toBe(text);
  });

  it('uses toml-patch when the servers are an inline table, keeping comments', () => {
    const text = '# keep me\nmcp_servers = { a = { command = "y" } }\nother = 1\n';
    const out = editConfigText('toml', text, ['mcp_servers'], 'map', [{ op: 'set', name: 'gw', value: GW }]);
    expect(out).toContain('# keep me');
    expect(parseConfigText('toml', out)).toEqual({ mcp_servers: { a: { command: 'y' }, gw: GW }, other: 1 });
  });

  it('removes a server table together with its own comment', () => {
    const text =
      'a = 1\n\n# the docs server\n[mcp_servers.docs]\ncommand = "npx"\n\n[mcp_servers.keep]\ncommand = "k"\n';
    const out = editConfigText('toml', text, ['mcp_servers'], 'map', [{ op: 'delete', name: 'docs' }]);
    expect(out).not.toContain('docs');
    expect(parseConfigText('toml', out)).toEqual({ a: 1, mcp_servers: { keep: { command: 'k' } } });
  });

  it('reports TOML errors with line and column', () => {
    try {
      parseConfigText('toml', 'a = 1\nb = = 2\n');
      expect.unreachable();
    } catch (e) {
      expect((e as { problem: { line: number } }).problem.line).toBe(2);
    }
  });
});

describe('YAML empty containers', () => {
  it('empties a container to {} when its last entry goes, and fills it again in place', () => {
    const text = '# c\nextensions:\n  gw:\n    uri: u\nother: 1 # keep\n';
    const emptied = editConfigText('yaml', text, ['extensions'], 'map', [{ op: 'delete', name: 'gw' }]);
    expect(emptied).toBe('# c\nextensions: {}\nother: 1 # keep\n');
    const filled = editConfigText('yaml', emptied, ['extensions'], 'map', [
      { op: 'set', name: 'gw', value: { uri: 'u' } },
    ]);
    expect(filled).toBe(text);
    const list = 'mcpServers: []\r\nname: x\r\n';
    expect(
      editConfigText('yaml', list, ['mcpServers'], 'list', [
        { op: 'set', name: 'gw', value: { name: 'gw', url: 'u' } },
      ]),
    ).toBe('mcpServers:\r\n  - name: gw\r\n    url: u\r\nname: x\r\n');
    expect(
      editConfigText('yaml', 'extensions:\nz: 1\n', ['extensions'], 'map', [
        { op: 'set', name: 'gw', value: { uri: 'u' } },
      ]),
    ).toBe('extensions:\n  gw:\n    uri: u\nz: 1\n');
  });
});

describe('containers of the wrong kind', () => {
  it('refuses to replace them', () => {
    expect(() =>
      editConfigText('json', '{"mcpServers": [{"command": "x"}]}', ['mcpServers'], 'map', [
        { op: 'set', name: 'gw', value: GW },
      ]),
    ).toThrow(/"mcpServers" is not a table of settings/);
    expect(() =>
      editConfigText('yaml', 'mcpServers:\n  a: 1\n', ['mcpServers'], 'list', [
        { op: 'set', name: 'gw', value: { name: 'gw' } },
      ]),
    ).toThrow(/is not a list/);
    expect(() =>
      editConfigText('toml', 'mcp_servers = "x"\n', ['mcp_servers'], 'map', [
        { op: 'set', name: 'gw', value: GW },
      ]),
    ).toThrow(/not a table/);
    // null or missing is fine: there is nothing to lose.
    expect(
      parseConfigText(
        'json',
        editConfigText('json', '{"mcpServers": null}', ['mcpServers'], 'map', [
          { op: 'set', name: 'gw', value: GW },
        ]),
      ),
    ).toEqual({
      mcpServers: { gw: GW },
    });
  });
});
