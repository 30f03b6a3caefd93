import type { Activation } from './activation/rule-activations.repository';
import type { CompiledRuleSet } from './compile-rule-set';
import { UnknownRuleSetError } from './rules.errors';

/** One entry of a rule set's timeline: from when (ms) which activation holds, compiled. */
export interface TimelineEntry {
  from: number;
  activation: Activation;
  compiled: CompiledRuleSet;
}

/**
 * An immutable view of every rule set's activation timeline. A request (or a whole transaction)
 * evaluates against one snapshot, so a switch that lands meanwhile never gives it half of one
 * version and half of another; the version used is the one effective at the decision's time.
 */
export class PolicySnapshot {
  constructor(
    private readonly timelines: ReadonlyMap<string, ReadonlyArray<TimelineEntry>>,
    readonly lastActivationId: string,
  ) {}

  resolve(ruleSet: string, at: Date): CompiledRuleSet {
    const entry = this.entryAt(ruleSet, at);
    if (!entry) throw new UnknownRuleSetError(ruleSet);
    return entry.compiled;
  }

  entryAt(ruleSet: string, at: Date): { activation: Activation; compiled: CompiledRuleSet } | undefined {
    const timeline = this.timelines.get(ruleSet);
    if (!timeline) return undefined;
    const t = at.getTime();
    let found: { activation: Activation; compiled: CompiledRuleSet } | undefined;
    for (const entry of timeline) {
      if (entry.from <= t) found = entry;
      else break;
    }
    return found;
  }

  ruleSets(): string[] {
    return [...this.timelines.keys()].sort();
  }

  /** The version in force at `at` of every rule set that has one, by rule set name. */
  activeAt(at: Date): CompiledRuleSet[] {
    return this.ruleSets()
      .map((r) => this.entryAt(r, at)?.compiled)
      .filter((c): c is CompiledRuleSet => c !== undefined);
  }
}
