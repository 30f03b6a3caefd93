export * from './contract';
export { contractProblems } from './check-contract';
export { ContractSet, RULE_SET_CONTRACTS } from './contract-set';
export {
  RuleContractViolationError,
  evaluateUnderContract,
  factViolations,
  factsForVersion,
  outcomeUnderContract,
  parametersUnderContract,
  type ContractEvaluation,
  type ContractViolationKind,
} from './evaluate-under-contract';
export { editorSchema, editorSchemaPath, editorSchemaText } from './editor-schema';
