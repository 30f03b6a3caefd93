/**
 * Rule files and the policy engine (everything in `./files`), plus the runtime rule versions: the
 * version store, activations, the listener that keeps every process in step, the registry (a
 * facade over the three) and the safe-rollout parts. Everything outside this lib imports it through
 * this file or `@pps/rules/files`.
 */

// ---- rule files and the engine (also `@pps/rules/files`, which loads neither NestJS nor pg) ----
export {
  type Condition,
  type DefaultOutcome,
  type Effect,
  type EmbeddedTest,
  type ExpectedOutcome,
  type FactDeclaration,
  type FactType,
  type JsonValue,
  type LeafCondition,
  type LocalizedText,
  type ParameterDeclaration,
  type Reason,
  type RuleDefinition,
  type RuleEvent,
  type RuleFile,
  type RuleProblem,
  canonicalJson,
  sha256OfCanonicalJson,
  parseRuleFileText,
  loadRuleFile,
  loadRulesDir,
  isDirectory,
  type ParsedRuleFile,
  validateRuleFile,
  MAX_EXPANDED_CONDITIONS,
  MAX_EXPANDED_DEPTH,
  RULE_FILE_LIMITS,
  jsonLimitProblems,
  RULE_FILE_SCHEMA,
  OPERATORS,
  type OperatorSpec,
  DEFAULT_TIME_ZONE,
  type ProgramCalendar,
  compileRuleSet,
  type CompiledRuleSet,
  type ConditionNodeResult,
  type ConditionResult,
  type EngineRule,
  type Evaluation,
  type Outcome,
  type RuleResult,
  FactValidationError,
  RuleFileInvalidError,
  type FactProblem,
  runEmbeddedTests,
  runEmbeddedTestsWith,
  embeddedTestFacts,
  type EmbeddedTestResult,
  diffRuleFiles,
  type RuleFileDiff,
  type ValueChange,
  checkRefundCoverage,
  checkValueCoverage,
  type CoverageReport,
  createReferenceEngine,
  evaluateWithReferenceEngine,
  type ReferenceEvaluation,
  contentHash,
} from './files';

// ---- contracts between rule sets and the code (facts supplied, outcome understood, parameters read) ----
export {
  type JsonSchema,
  type FactSpec,
  fact,
  type FactSpecs,
  type FactsOf,
  type ValueSpec,
  value,
  type ParameterSpec,
  parameter,
  type ParameterSpecs,
  type ParametersOf,
  type RuleSetContract,
  defineContract,
  type AnyContract,
  type OutcomeOf,
  factSchema,
  factsSchema,
  parametersSchema,
  outcomeSchema,
  contractJsonSchema,
  contractProblems,
  ContractSet,
  RULE_SET_CONTRACTS,
  RuleContractViolationError,
  evaluateUnderContract,
  factViolations,
  factsForVersion,
  outcomeUnderContract,
  parametersUnderContract,
  type ContractEvaluation,
  type ContractViolationKind,
  editorSchema,
  editorSchemaPath,
  editorSchemaText,
} from './files';

// ---- rule work off the event loop ----
export { compileDraft, declaredFacts } from './publish-check';
export { ruleWork, type BatchEvaluation } from './rule-work';

// ---- the runtime rule versions (Nest providers) ----
export {
  UnknownRuleSetError,
  UnknownRuleVersionError,
  VersionConflictError,
  NoPreviousVersionError,
  NoShadowError,
  ShadowIsActiveError,
  PolicyStaleError,
  VersionStoreTamperedError,
} from './rules.errors';
export {
  VersionStore,
  checkCandidate,
  type CandidateOptions,
  type CheckedCandidate,
  type PublishResult,
  type StoredVersion,
} from './versions/version-store';
export { type VersionView } from './versions/version-view';
export { ActivationService } from './activation/activation.service';
export { ACTIVATION_CHANNEL, type Activation } from './activation/rule-activations.repository';
export { PolicyListener } from './policy-listener';
export { PolicySnapshot } from './policy-snapshot';
export { PolicyRegistry } from './policy-registry.service';
export { RulesModule } from './rules.module';
export { ShadowRegistry, shadowFailureReason, type ShadowChange, type ShadowInForce } from './rollout/shadow-registry';
export { PolicyFreshness } from './rollout/policy-freshness';
export { InstanceHeartbeat, SILENT_AFTER_S, type InstanceStatus, type VersionRef } from './rollout/instance-heartbeat';
