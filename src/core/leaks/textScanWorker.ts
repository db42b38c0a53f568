/**
 * Worker-thread entry (bundled to dist/textScanWorker.js) that scans one text per request. The editor
 * sends large documents here so that typing in them never waits for a scan on the extension host thread.
 */
import { parentPort } from 'node:worker_threads';
import { compileCustomRules, type CustomRuleDefinition } from '../scan/customRules';
import { scanText } from '../scan/engine';
import type { Finding, Rule, Severity } from '../scan/types';

export interface TextScanRequest {
  id: number;
  text: string;
  path: string;
  minSeverity?: Severity;
  customRules: CustomRuleDefinition[];
}

export interface TextScanResponse {
  id: number;
  findings: Finding[];
  ms: number;
}

let compiledKey: string | undefined;
let extraRules: Rule[] = [];

parentPort?.on('message', (request: TextScanRequest) => {
  const started = performance.now();
  const key = JSON.stringify(request.customRules);
  if (key !== compiledKey) {
    compiledKey = key;
    extraRules = compileCustomRules(request.customRules).rules;
  }
  const findings = scanText(request.text, {
    path: request.path,
    minSeverity: request.minSeverity,
    extraRules,
  });
  const response: TextScanResponse = { id: request.id, findings, ms: performance.now() - started };
  parentPort?.postMessage(response);
});
