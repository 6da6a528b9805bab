import { z } from 'zod';

import { TRUST_MODES } from '../config.js';
import { defineRoute } from './contract.js';
import { ServerNameParams } from './schemas.js';

/**
 * Tool trust: every tool's whole definition is pinned when its server is approved; a changed or
 * new tool, or one whose description the scanner flags as high severity, is held back from
 * clients until the user reviews it here.
 */

const TrustModeSchema = z.enum(TRUST_MODES);
export type TrustMode = z.infer<typeof TrustModeSchema>;

const SeveritySchema = z.enum(['high', 'medium', 'low']);
export type Severity = z.infer<typeof SeveritySchema>;

/** One thing the description scanner found, with the exact span it matched. */
const FindingSchema = z.object({
  /** Rule id from the rules file, e.g. `instruction-tag`. */
  rule: z.string(),
  severity: SeveritySchema,
  /** What the rule means, in a sentence a person can act on. */
  message: z.string(),
  /** Where: `description`, `title`, `inputSchema.properties.note.description`, `name`, ... */
  field: z.string(),
  /** UTF-16 offsets into that field's text, end exclusive. */
  start: z.number(),
  end: z.number(),
  /** The matched text (invisible characters written as `\u{…}` escapes). */
  text: z.string(),
});
export type Finding = z.infer<typeof FindingSchema>;

/**
 * - `approved`: matches what the user approved (or what was listed when the server was added).
 * - `changed`: differs from its pin. `new`: was not there when the server was approved.
 * - `flagged`: the scanner found something of high severity and the user has not approved it.
 * - `rejected`: the user rejected this exact definition; it stays hidden until it changes.
 */
const ToolTrustStatusSchema = z.enum(['approved', 'changed', 'new', 'flagged', 'rejected']);
export type ToolTrustStatus = z.infer<typeof ToolTrustStatusSchema>;

/** A definition as shown side by side: the description, and everything else as stable JSON. */
const DefinitionTextSchema = z.object({
  description: z.string(),
  /** Title, input and output schema and annotations, keys sorted, two-space indented. */
  schema: z.string(),
});
export type DefinitionText = z.infer<typeof DefinitionTextSchema>;

const ToolTrustSchema = z.object({
  server: z.string(),
  /** The backend's own tool name. */
  name: z.string(),
  status: ToolTrustStatusSchema,
  /** Whether clients are kept from seeing and calling it. */
  held: z.boolean(),
  /** sha256 of the canonical definition as listed now. */
  hash: z.string(),
  /** The approved hash, when there is one. */
  pinnedHash: z.string().optional(),
  findings: z.array(FindingSchema),
  /** A new tool whose definition is a pinned tool's under another name (a rename). */
  renamedFrom: z.string().optional(),
});
export type ToolTrust = z.infer<typeof ToolTrustSchema>;

const ReviewItemSchema = ToolTrustSchema.extend({
  /** What was approved (for a rename: the old tool's), absent for a new tool. */
  before: DefinitionTextSchema.optional(),
  after: DefinitionTextSchema,
  /** Unified diffs of `before` → `after` (empty when nothing was approved before). */
  diff: z.object({ description: z.string(), schema: z.string() }),
  /** The definition as the server lists it now. */
  definition: z.record(z.string(), z.unknown()),
});
export type ReviewItem = z.infer<typeof ReviewItemSchema>;

const ServerTrustSchema = z.object({
  server: z.string(),
  mode: TrustModeSchema,
  /** When the server's first listing was recorded (epoch ms); absent before it was listed. */
  approvedAt: z.number().optional(),
  tools: z.array(ToolTrustSchema),
});
export type ServerTrust = z.infer<typeof ServerTrustSchema>;

const ReviewListSchema = z.object({
  /** Tools held back and waiting for a decision (rejected ones are not listed). */
  items: z.array(ReviewItemSchema),
  /** Per server: how many tools are held back in all (pending and rejected). */
  held: z.record(z.string(), z.number()),
});
export type ReviewList = z.infer<typeof ReviewListSchema>;

const ReviewQuerySchema = z.object({
  server: z.string().optional(),
});

const TrustDecisionBodySchema = z.object({
  /** Backend tool names; omit to decide for every tool of the server that is waiting. */
  tools: z.array(z.string().min(1)).max(1000).optional(),
});

const TrustDecisionSchema = z.object({
  server: z.string(),
  /** Tools the decision applied to. */
  tools: z.array(z.string()),
  /** Switches carried over from a renamed tool (`old → new`). */
  carried: z.array(z.string()).optional(),
  message: z.string(),
});
export type TrustDecision = z.infer<typeof TrustDecisionSchema>;

export const reviewTools = defineRoute({
  id: 'trust.review',
  method: 'GET',
  path: '/trust/review',
  tag: 'trust',
  kind: 'json',
  summary: 'Tools held back for review, with the approved and the new definition and their diffs',
  query: ReviewQuerySchema,
  response: ReviewListSchema,
});

export const serverTrust = defineRoute({
  id: 'trust.server',
  method: 'GET',
  path: '/servers/:name/trust',
  tag: 'trust',
  kind: 'json',
  summary: "One server's trust mode and every tool's status and scanner findings",
  params: ServerNameParams,
  response: ServerTrustSchema,
});

export const approveTools = defineRoute({
  id: 'trust.approve',
  method: 'POST',
  path: '/servers/:name/trust/approve',
  tag: 'trust',
  kind: 'json',
  summary: 'Approve held-back tools (or all of the server): pins them and shows them to clients',
  params: ServerNameParams,
  body: TrustDecisionBodySchema,
  response: TrustDecisionSchema,
});

export const rejectTools = defineRoute({
  id: 'trust.reject',
  method: 'POST',
  path: '/servers/:name/trust/reject',
  tag: 'trust',
  kind: 'json',
  summary: 'Reject held-back tools (or all of the server): they stay hidden until they change again',
  params: ServerNameParams,
  body: TrustDecisionBodySchema,
  response: TrustDecisionSchema,
});

export const TRUST_ROUTES = [reviewTools, serverTrust, approveTools, rejectTools] as const;
