/**
 * Rule files and the policy engine without the service runtime: the rule-file format and its
 * validation, rule sets compiled once and evaluated fast and deterministically, embedded tests,
 * diffs and the refund matrix check. It loads neither NestJS nor MikroORM, so the CLI's file
 * commands start fast (`@pps/rules/files`); `@pps/rules` (index.ts) adds the version registry.
 */
export type {
  Condition,
  DefaultOutcome,
  Effect,
  EmbeddedTest,
  ExpectedOutcome,
  FactDeclaration,
  FactType,
  JsonValue,
  LeafCondition,
  LocalizedText,
  ParameterDeclaration,
  Reason,
  RuleDefinition,
  RuleEvent,
  RuleFile,
  RuleProblem,
} from './rule-file.types';
export { canonicalJson, sha256OfCanonicalJson } from './canonical-json';
export { parseRuleFileText, loadRuleFile, loadRulesDir, isDirectory, type ParsedRuleFile } from './rule-file.loader';
export { validateRuleFile, MAX_EXPANDED_CONDITIONS, MAX_EXPANDED_DEPTH } from './validate-rule-file';
export { RULE_FILE_LIMITS, jsonLimitProblems } from './limits';
export { RULE_FILE_SCHEMA } from './rule-file.schema';
export { OPERATORS, type OperatorSpec } from './operators';
export { DEFAULT_TIME_ZONE, type ProgramCalendar } from './calendar';
export {
  compileRuleSet,
  type CompiledRuleSet,
  type ConditionNodeResult,
  type ConditionResult,
  type EngineRule,
  type Evaluation,
  type Outcome,
  type RuleResult,
} from './compile-rule-set';
export { FactValidationError, RuleFileInvalidError, type FactProblem } from './rule-errors';
export { RULES_ERRORS } from './rules.errors';
export { runEmbeddedTests, runEmbeddedTestsWith, embeddedTestFacts, type EmbeddedTestResult } from './embedded-tests';
export { diffRuleFiles, type RuleFileDiff, type ValueChange } from './diff-rule-files';
export { checkRefundCoverage, checkValueCoverage, type CoverageReport } from './value-coverage';
// Contracts between rule sets and the code (facts supplied, outcome understood, parameters read).
export * from './contracts';
export { createReferenceEngine, evaluateWithReferenceEngine, type ReferenceEvaluation } from './reference-engine';

import { sha256OfCanonicalJson } from './canonical-json';
import type { RuleFile } from './rule-file.types';

/** The identity of a rule-file version: sha256 (hex) of its canonical JSON. */
export function contentHash(file: RuleFile): string {
  return sha256OfCanonicalJson(file);
}
