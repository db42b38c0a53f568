/** Public API of the detection engine, shared by the editor features, the CLI and the worker. */
export type { Finding, Rule, RuleCategory, ScanTextOptions, Severity } from './types';
export { SEVERITY_ORDER } from './types';
export { scanText, fingerprintOf, allRules } from './engine';
export { GENERIC_RULES } from './genericRules';
export { PROVIDER_RULES } from './rules';
export { compileCustomRules, unsafePatternReason } from './customRules';
export type { CompiledCustomRules, CustomRuleDefinition, CustomRuleError } from './customRules';
export { scanFiles, listFiles, defaultWorkerCount } from './fileScan';
export type { FileFinding, ScanFilesOptions, ScanProgress, ScanResult, ScanStats } from './fileScan';
export {
  DEFAULT_BASELINE_FILE, BaselineError, loadBaseline, saveBaseline, parseBaseline, serializeBaseline,
  baselineFingerprints,
} from './baseline';
export type { Baseline, BaselineEntry } from './baseline';
export { IgnoreRules, IGNORE_FILES, isIgnored } from './ignoreRules';
export type { IgnoreOptions } from './ignoreRules';
export { DEFAULT_MAX_FILE_SIZE, decodeText, hasBinaryExtension, readFileForScan } from './fileReading';
export { maskSecret } from '../redact';
