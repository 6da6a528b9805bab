// The real MCP servers the context benchmark captures. All are devDependencies in node_modules
// and list their tools offline; servers that want an API key before starting get a dummy one
// (listing tools never calls their service).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const nm = (p) => join(process.cwd(), 'node_modules', p);

export function benchServers() {
  const dir = mkdtempSync(join(tmpdir(), 'ctx-bench-'));
  return {
    dir,
    servers: [
      {
        name: 'everything',
        description: 'Reference server that exercises every MCP feature',
        args: [nm('@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'],
      },
      {
        name: 'memory',
        description: 'Knowledge-graph memory of entities, relations and observations',
        args: [nm('@modelcontextprotocol/server-memory/dist/index.js')],
        env: { MEMORY_FILE_PATH: join(dir, 'memory.jsonl') },
      },
      {
        name: 'filesystem',
        description: 'Read and write local files and directories',
        args: [nm('@modelcontextprotocol/server-filesystem/dist/index.js'), dir],
      },
      {
        name: 'sequential-thinking',
        description: 'Step-by-step reflective problem solving',
        args: [nm('@modelcontextprotocol/server-sequential-thinking/dist/index.js')],
      },
      {
        name: 'github',
        description: 'GitHub repositories, issues, pull requests and code',
        args: [nm('@modelcontextprotocol/server-github/dist/index.js')],
        env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'dummy' },
      },
      {
        name: 'gitlab',
        description: 'GitLab projects, issues and merge requests',
        args: [nm('@modelcontextprotocol/server-gitlab/dist/index.js')],
        env: { GITLAB_PERSONAL_ACCESS_TOKEN: 'dummy', GITLAB_API_URL: 'http://127.0.0.1:9/api/v4' },
      },
      {
        name: 'slack',
        description: 'Slack channels, messages and users',
        args: [nm('@modelcontextprotocol/server-slack/dist/index.js')],
        env: { SLACK_BOT_TOKEN: 'xoxb-dummy', SLACK_TEAM_ID: 'T00000000' },
      },
      {
        name: 'brave-search',
        description: 'Web and local search',
        args: [nm('@modelcontextprotocol/server-brave-search/dist/index.js')],
        env: { BRAVE_API_KEY: 'dummy' },
      },
      {
        name: 'google-maps',
        description: 'Maps: geocoding, places, directions and distances',
        args: [nm('@modelcontextprotocol/server-google-maps/dist/index.js')],
        env: { GOOGLE_MAPS_API_KEY: 'dummy' },
      },
      {
        name: 'postgres',
        description: 'Read-only SQL queries on a PostgreSQL database',
        args: [nm('@modelcontextprotocol/server-postgres/dist/index.js'), 'postgresql://127.0.0.1:9/none'],
      },
      {
        name: 'notion',
        description: 'Notion pages, databases, blocks and comments',
        args: [nm('@notionhq/notion-mcp-server/bin/cli.mjs')],
        env: { NOTION_TOKEN: 'dummy' },
      },
      {
        name: 'chart',
        description: 'Chart and diagram generation',
        args: [nm('@antv/mcp-server-chart/build/index.js')],
      },
    ],
  };
}
