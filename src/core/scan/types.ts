/**
 * The contract between the detection engine, its rules, the CLI and the editor features.
 * Offsets are 0-based UTF-16 indexes into the scanned text; lines and columns are 1-based,
 * as printed by the CLI and stored in SARIF (editor glue subtracts 1).
 */

export type Severity = 'critical' | 'high' | 'medium' | 'low';

export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

export type RuleCategory =
  | 'cloud'
  | 'code-hosting'
  | 'chat'
  | 'payments'
  | 'messaging'
  | 'package-registry'
  | 'ai'
  | 'observability'
  | 'saas'
  | 'infrastructure'
  | 'database'
  | 'generic';

/** A provider format: one kind of credential with a recognisable shape. */
export interface Rule {
  /** Stable kebab-case id, e.g. `github-pat-classic`. Used as diagnostic code and in baselines. */
  id: string;
  title: string;
  provider: string;
  category: RuleCategory;
  severity: Severity;
  /**
   * Lower-case literals, at least one of which occurs in any text the rule can match.
   * The engine runs the pattern only on text containing a keyword (case-insensitive).
   */
  keywords: string[];
  /**
   * Global (`g`) regex, linear-time on any input. The secret is the named group `secret`
   * when present, else the whole match.
   */
  pattern: RegExp;
  /** Extra check on a candidate secret, e.g. a CRC32 tail. Returns false to drop it. */
  validate?: (secret: string) => boolean;
  /** Where the owner revokes or rotates this credential. */
  revokeUrl: string;
  /** Environment variable name suggested when moving the secret out of code, e.g. `GITHUB_TOKEN`. */
  envName: string;
  /** Minimum Shannon entropy (bits/char) of the secret, for rules whose shape alone is weak. */
  minEntropy?: number;
}

export interface Finding {
  ruleId: string;
  title: string;
  provider: string;
  severity: Severity;
  /** The secret value as it is meant (JSON escapes already decoded). Never print it unmasked by default. */
  secret: string;
  /** Range of the secret in the scanned text. */
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Stable id: no secret, no line number, no absolute path. */
  fingerprint: string;
  revokeUrl: string;
  envName: string;
}

export interface ScanTextOptions {
  /** Path relative to the scan root, with `/` separators; drives file-type handling and fingerprints. */
  path?: string;
  /** Extra rules (custom rules from settings or a config file). */
  extraRules?: Rule[];
  /** Findings below this severity are dropped. */
  minSeverity?: Severity;
}
