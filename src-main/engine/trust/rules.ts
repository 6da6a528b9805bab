import type { Severity } from '../../../src-shared/api/trust.js';

/**
 * The description scanner's rules, as data. Each rule says what it looks for, how serious a
 * match is and which published attack it comes from. `high` holds a tool back until the user
 * approves it; `medium` and `low` are shown on the tool's row only.
 *
 * Kinds:
 * - `text`: a regular expression over every text a model reads (name, title, description, and
 *   the title and description of every schema property at any depth).
 * - `param-name`: a regular expression over the names of input-schema properties.
 * - `shadowing`: the text names a tool of another server (the names come from the listing).
 * - `length`: a description far longer than the others in the same listing.
 * - `same-name`: a tool with the same name as another server's tool.
 *
 * Patterns are JavaScript regular expressions (source and flags); `g` is added by the scanner.
 * `check: "base64"` keeps only matches that mix upper case, lower case and digits.
 */
export interface TextRule {
  id: string;
  kind: 'text' | 'param-name';
  severity: Severity;
  message: string;
  pattern: string;
  flags?: string;
  check?: 'base64';
  /** The write-up the rule is built from. */
  source: string;
}

export interface ShadowingRule {
  id: string;
  kind: 'shadowing';
  severity: Severity;
  message: string;
  /** Names shorter than this, or single plain words, are too common to mean another tool. */
  minNameLength: number;
  source: string;
}

export interface LengthRule {
  id: string;
  kind: 'length';
  severity: Severity;
  message: string;
  /** Flag a description longer than `factor` × the listing's median and at least `minChars`. */
  factor: number;
  minChars: number;
  source: string;
}

export interface SameNameRule {
  id: string;
  kind: 'same-name';
  severity: Severity;
  message: string;
  source: string;
}

export type ScanRule = TextRule | ShadowingRule | LengthRule | SameNameRule;

const INVARIANT = 'Invariant Labs, "MCP Security Notification: Tool Poisoning Attacks" (April 2025)';
const INVARIANT_WHATSAPP = 'Invariant Labs, "WhatsApp MCP Exploited" (April 2025)';
const TAGS =
  'Unicode tag characters (U+E0000–E007F) hiding prompts: Riley Goodside (2024), Embrace The Red "ASCII Smuggler"';
const TROJAN = 'Boucher & Anderson, "Trojan Source" (CVE-2021-42574): bidirectional overrides';
const INJECTION = 'OWASP LLM01 Prompt Injection; Greshake et al., "Not what you\'ve signed up for" (2023)';
const ATR = 'agentthreatrule.org ATR-2026-00161 (tool name collision)';

export const SCAN_RULES: readonly ScanRule[] = [
  {
    id: 'instruction-tag',
    kind: 'text',
    severity: 'high',
    message:
      'An instruction block addressed to the model (<IMPORTANT>, <SYSTEM>, ...) is hidden in the text.',
    pattern:
      '<\\s*/?\\s*(?:important|system|instructions?|secret|hidden|critical|admin|assistant|system[_-]?prompt|user[_-]?instructions?)\\b[^>]{0,80}>',
    flags: 'i',
    source: INVARIANT,
  },
  {
    id: 'html-comment',
    kind: 'text',
    severity: 'medium',
    message: 'An HTML comment: text most interfaces do not show but the model reads.',
    pattern: '<!--[\\s\\S]{0,2000}?-->',
    source: INVARIANT,
  },
  {
    id: 'override-instructions',
    kind: 'text',
    severity: 'high',
    message: 'Tells the model to ignore or override its other instructions.',
    pattern:
      '\\b(?:ignore|disregard|forget|override|bypass)\\s+(?:all\\s+|any\\s+)?(?:of\\s+)?(?:the\\s+|your\\s+|its\\s+)?(?:previous|prior|above|earlier|preceding|other|system|original)\\s+(?:instructions?|prompts?|rules|directions|guidelines|messages?)',
    flags: 'i',
    source: INJECTION,
  },
  {
    id: 'concealment',
    kind: 'text',
    severity: 'high',
    message: 'Tells the model to keep something from the user.',
    pattern:
      "\\b(?:do\\s+not|don'?t|never|without)\\s+(?:tell(?:ing)?|inform(?:ing)?|mention(?:ing)?|reveal(?:ing)?|notify(?:ing)?|alert(?:ing)?|let(?:ting)?\\s+(?:the\\s+)?user\\s+know)\\b[^.]{0,80}?\\b(?:the\\s+)?user\\b|\\b(?:hide|conceal)\\s+(?:this|it|that)\\s+from\\s+the\\s+user\\b",
    flags: 'i',
    source: INVARIANT,
  },
  {
    id: 'coercion',
    kind: 'text',
    severity: 'high',
    message: 'Pressures the model with invented failures ("otherwise the tool will not work").',
    pattern:
      "\\botherwise,?\\s+(?:the\\s+|this\\s+)?(?:tool|application|app|system|server)\\s+(?:will\\s+(?:not|crash|fail)|won'?t|cannot|can'?t)\\b|\\bthe\\s+application\\s+will\\s+crash\\s+and\\s+all\\s+data\\s+will\\s+be\\s+lost",
    flags: 'i',
    source: INVARIANT,
  },
  {
    id: 'concealment-excuse',
    kind: 'text',
    severity: 'medium',
    message: 'Explains away hidden behaviour ("a mere implementation detail", "could upset the user").',
    pattern:
      '\\b(?:(?:a\\s+)?mere\\s+implementation\\s+detail|could\\s+(?:even\\s+)?upset\\s+the\\s+user|be\\s+very\\s+gentle\\s+and\\s+not\\s+scary)',
    flags: 'i',
    source: INVARIANT,
  },
  {
    id: 'secret-path',
    kind: 'text',
    severity: 'high',
    message:
      'Names a file that holds keys or credentials (SSH keys, cloud credentials, client configs, system passwords).',
    pattern:
      '(?:~|\\$HOME|%USERPROFILE%)?[\\\\/]?\\.(?:ssh|gnupg|aws[\\\\/]credentials|cursor[\\\\/]mcp\\.json|netrc|git-credentials|docker[\\\\/]config\\.json|config[\\\\/]gcloud)\\b|\\bid_(?:rsa|dsa|ecdsa|ed25519)\\b|/etc/(?:passwd|shadow|sudoers)\\b|\\b(?:mcp\\.json|claude_desktop_config\\.json)\\b',
    flags: 'i',
    source: INVARIANT,
  },
  {
    id: 'secret-request',
    kind: 'text',
    severity: 'medium',
    message: 'Asks for secrets (keys, passwords, tokens, .env files) to be read, passed or sent.',
    pattern:
      '\\b(?:read|pass|include|send|attach|copy|provide|extract|collect|append)\\b[^.\\n]{0,60}?\\b(?:the|your|its|their|user\u0027?s|any|all|every)\\s+(?:\\bprivate\\s+keys?\\b|\\bapi[_ -]?keys?\\b|\\bpasswords?\\b|\\bcredentials\\b|\\baccess\\s+tokens?\\b|\\bsecret\\s+keys?\\b|(?<![\\w-])\\.env\\b|\\benvironment\\s+variables\\b)',
    flags: 'i',
    source: INVARIANT,
  },
  {
    id: 'exfiltration-url',
    kind: 'text',
    severity: 'high',
    message:
      'A URL with a placeholder for data (conversation, file contents, secrets) to be filled in and fetched.',
    pattern:
      'https?://[^\\s"\'<>]*?(?:\\{\\{?|\\$\\{|<|%7B)\\s*(?:data|contents?|secrets?|tokens?|keys?|files?|passwords?|conversation|history|messages?|env|credentials?|chat|context|summary|memory)\\s*(?:\\}\\}?|>|%7D)',
    flags: 'i',
    source: 'Embrace The Red, "Data exfiltration via image markdown" (2023); ' + INVARIANT,
  },
  {
    id: 'redirect-recipients',
    kind: 'text',
    severity: 'high',
    message: 'Redirects messages or emails to a fixed recipient.',
    pattern:
      "\\b(?:all|every|any)\\s+(?:emails?|messages?|mails?|payments?|transfers?)\\s+(?:must|should|shall|are\\s+to|need\\s+to)\\s+(?:be\\s+)?(?:sent|forwarded|redirected|routed|copied|bcc'?d)\\s+to\\b|\\b(?:must|should|always)\\s+send\\s+(?:all|every)\\s+(?:emails?|messages?)\\s+to\\b|\\b(?:change|set|replace|switch)\\s+the\\s+recipients?\\s+(?:number\\s+|address\\s+)?(?:to|with)\\b",
    flags: 'i',
    source: INVARIANT + '; ' + INVARIANT_WHATSAPP,
  },
  {
    id: 'send-to-address',
    kind: 'text',
    severity: 'medium',
    message: 'Sends something to a fixed address, phone number or URL.',
    pattern:
      '\\b(?:send|forward|post|upload|transmit|exfiltrate|bcc|cc|copy)\\b[^.\\n]{0,60}?\\b(?:to|at)\\s+(?:[\\w.+-]+@[\\w-]+\\.[\\w.-]+|https?://\\S+|\\+\\d[\\d\\s-]{6,})',
    flags: 'i',
    source: INVARIANT_WHATSAPP,
  },
  {
    id: 'shell-fetch',
    kind: 'text',
    severity: 'medium',
    message: 'Mentions a command that sends data over the network (curl, wget, netcat).',
    pattern: '\\b(?:curl|wget|netcat|nc\\s+-[a-z]*e)\\b',
    flags: 'i',
    source: INJECTION,
  },
  {
    id: 'cross-tool-instruction',
    kind: 'text',
    severity: 'medium',
    message: 'Gives instructions about other tools or about what to do before this one is used.',
    pattern:
      '\\b(?:when|whenever|once)\\s+(?:this|the|any)\\s+[`\'"]?[\\w-]*[`\'"]?\\s*tool\\s+is\\s+(?:available|present|called|used|invoked)\\b|\\balso\\s+present\\b[^.\\n]{0,40}\\btool\\b|\\bbefore\\s+(?:using|calling|invoking)\\s+this\\s+tool,?\\s+(?:you\\s+must\\s+|first\\s+)?(?:read|open|fetch|cat|load|send)\\b',
    flags: 'i',
    source: INVARIANT,
  },
  {
    id: 'side-channel-param',
    kind: 'param-name',
    severity: 'medium',
    message:
      'A free-text parameter the tool does not need, a known channel for smuggling data out (sidenote, hidden_*).',
    pattern: '^(?:side_?note|sidenote|hidden_?\\w*|secret_?note|internal_?notes?|debug_?context)$',
    flags: 'i',
    source: INVARIANT,
  },
  {
    id: 'unicode-tags',
    kind: 'text',
    severity: 'high',
    message: 'Invisible Unicode tag characters: text the user cannot see but the model reads.',
    pattern: '[\\u{E0000}-\\u{E007F}]+',
    flags: 'u',
    source: TAGS,
  },
  {
    id: 'bidi-control',
    kind: 'text',
    severity: 'high',
    message: 'Bidirectional override characters that make text read differently than it displays.',
    pattern: '[\\u202A-\\u202E\\u2066-\\u2069]+',
    flags: 'u',
    source: TROJAN,
  },
  {
    id: 'zero-width',
    kind: 'text',
    severity: 'medium',
    message: 'Zero-width characters: invisible text or words split to slip past filters.',
    pattern: '[\\u200B-\\u200D\\u2060\\u180E]+|(?<!^)\\uFEFF+',
    flags: 'u',
    source: TAGS,
  },
  {
    id: 'whitespace-run',
    kind: 'text',
    severity: 'medium',
    message: 'A long run of spaces or blank lines that pushes text out of sight in most interfaces.',
    pattern: '[ \\t\\u00A0]{40,}|(?:\\r?\\n[ \\t]*){8,}',
    source: INVARIANT_WHATSAPP,
  },
  {
    id: 'base64-blob',
    kind: 'text',
    severity: 'medium',
    message: 'A long base64 blob: encoded content the user cannot read.',
    pattern:
      '(?<![A-Za-z0-9+/=_-])(?:[A-Za-z0-9+/]{4}){12,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?(?![A-Za-z0-9+/=_-])',
    check: 'base64',
    source: INJECTION,
  },
  {
    id: 'shadowing',
    kind: 'shadowing',
    severity: 'medium',
    message: "Names another server's tool: a description that steers how other tools are used (shadowing).",
    minNameLength: 6,
    source: INVARIANT,
  },
  {
    id: 'long-description',
    kind: 'length',
    severity: 'low',
    message: 'The description is far longer than the others: room for hidden instructions.',
    factor: 5,
    minChars: 2000,
    source: 'Invariant Labs, mcp-scan README (2025)',
  },
  {
    id: 'same-name',
    kind: 'same-name',
    severity: 'low',
    message: "Has the same name as another server's tool; the model may call the wrong one.",
    source: ATR,
  },
];
