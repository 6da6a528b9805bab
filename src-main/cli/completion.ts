import type { Command } from 'commander';

import { CliError } from './output.js';

/** Shell completion scripts, generated from the command tree so they never drift from it. */

interface Node {
  name: string;
  description: string;
  options: string[];
  children: Node[];
}

function tree(cmd: Command): Node {
  return {
    name: cmd.name(),
    description: cmd.description(),
    options: cmd.options.map((o) => o.long ?? o.short ?? '').filter(Boolean),
    children: cmd.commands.filter((c) => c.name() !== 'help' && !c.name().startsWith('__')).map(tree),
  };
}

/** Sub-commands whose next word is a server name, completed from the running gateway. */
const SERVER_VERBS = ['get', 'remove', 'rm', 'enable', 'disable', 'restart', 'wake', 'sleep', 'reset'];
const NAMES = 'mcp-gateway __complete servers 2>/dev/null';

function bash(root: Node): string {
  const top = root.children.map((c) => c.name).join(' ');
  const cases = root.children
    .map((c) => {
      const subs = c.children.map((s) => s.name).join(' ');
      const opts = [...c.options, ...c.children.flatMap((s) => s.options)];
      return `    ${c.name}) words="${[subs, ...new Set(opts), '--help'].filter(Boolean).join(' ')}" ;;`;
    })
    .join('\n');
  return `# mcp-gateway bash completion. Install: mcp-gateway completion bash > ~/.local/share/bash-completion/completions/mcp-gateway
_mcp_gateway() {
  local cur words
  cur="\${COMP_WORDS[COMP_CWORD]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    words="${top} --help --version"
  elif { [ "$COMP_CWORD" -eq 2 ] && [ "\${COMP_WORDS[1]}" = logs ]; } ||
    { [ "$COMP_CWORD" -eq 3 ] && [ "\${COMP_WORDS[1]}" = servers ] && [[ " ${SERVER_VERBS.join(' ')} " == *" \${COMP_WORDS[2]} "* ]]; } ||
    { [ "$COMP_CWORD" -eq 3 ] && [ "\${COMP_WORDS[1]}" = tools ] && [[ " enable disable " == *" \${COMP_WORDS[2]} "* ]]; }; then
    words=$(${NAMES})
  else
    case "\${COMP_WORDS[1]}" in
${cases}
    *) words="--help" ;;
    esac
  fi
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}
complete -F _mcp_gateway mcp-gateway
`;
}

function zsh(root: Node): string {
  const esc = (s: string) => s.replace(/'/g, "'\\''").replace(/:/g, '\\:');
  const top = root.children.map((c) => `'${c.name}:${esc(c.description)}'`).join(' ');
  const cases = root.children
    .map((c) => {
      const subs = c.children.map((s) => `'${s.name}:${esc(s.description)}'`).join(' ');
      const opts = [...new Set([...c.options, ...c.children.flatMap((s) => s.options)])]
        .map((o) => `'${o}'`)
        .join(' ');
      return `    ${c.name}) ${subs ? `_describe 'command' subs_${c.name.replace(/-/g, '_')}; ` : ''}compadd -- ${opts} --help ;;`;
    })
    .join('\n');
  const arrays = root.children
    .filter((c) => c.children.length > 0)
    .map(
      (c) =>
        `  local -a subs_${c.name.replace(/-/g, '_')}=(${c.children.map((s) => `'${s.name}:${esc(s.description)}'`).join(' ')})`,
    )
    .join('\n');
  return `#compdef mcp-gateway
# mcp-gateway zsh completion. Install: mcp-gateway completion zsh > "\${fpath[1]}/_mcp-gateway"
_mcp_gateway() {
  local -a top=(${top})
${arrays}
  if (( CURRENT == 2 )); then
    _describe 'command' top
    return
  fi
  if { (( CURRENT == 3 )) && [[ \${words[2]} == logs ]] } ||
    { (( CURRENT == 4 )) && [[ \${words[2]} == servers && " ${SERVER_VERBS.join(' ')} " == *" \${words[3]} "* ]] } ||
    { (( CURRENT == 4 )) && [[ \${words[2]} == tools && \${words[3]} == (enable|disable) ]] }; then
    compadd -- \${(f)"$(${NAMES})"}
    return
  fi
  case "\${words[2]}" in
${cases}
  esac
}
compdef _mcp_gateway mcp-gateway
`;
}

function fish(root: Node): string {
  const esc = (s: string) => s.replace(/'/g, "\\'");
  const lines = [
    '# mcp-gateway fish completion. Install: mcp-gateway completion fish > ~/.config/fish/completions/mcp-gateway.fish',
    'complete -c mcp-gateway -f',
  ];
  for (const c of root.children) {
    lines.push(
      `complete -c mcp-gateway -n '__fish_use_subcommand' -a '${c.name}' -d '${esc(c.description)}'`,
    );
    for (const s of c.children) {
      lines.push(
        `complete -c mcp-gateway -n '__fish_seen_subcommand_from ${c.name}' -a '${s.name}' -d '${esc(s.description)}'`,
      );
    }
    for (const o of new Set([...c.options, ...c.children.flatMap((s) => s.options)])) {
      if (o.startsWith('--')) {
        lines.push(`complete -c mcp-gateway -n '__fish_seen_subcommand_from ${c.name}' -l '${o.slice(2)}'`);
      }
    }
  }
  return lines.join('\n') + '\n';
}

export function completionScript(program: Command, shell: string): string {
  const root = tree(program);
  switch (shell) {
    case 'bash':
      return bash(root);
    case 'zsh':
      return zsh(root);
    case 'fish':
      return fish(root);
    default:
      throw new CliError(`no completion for "${shell}": use bash, zsh or fish`);
  }
}
