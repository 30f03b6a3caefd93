import { type DynamicModule, Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { ContractSet, RULE_SET_CONTRACTS } from './contracts/contract-set';
import { PolicyRegistry } from './policy-registry.service';
import { InstanceHeartbeat } from './rollout/instance-heartbeat';
import { PolicyFreshness } from './rollout/policy-freshness';
import { ShadowRegistry } from './rollout/shadow-registry';

/** The registry and what keeps a safe rollout: shadow versions, staleness (fail closed), the instance heartbeat. */
const PROVIDERS = [PolicyRegistry, ShadowRegistry, PolicyFreshness, InstanceHeartbeat];

/**
 * The rule versions of this process: loaded from the store (and `rules/`) at start, kept in step
 * after. `register` hands it the code's contracts, against which every version is checked.
 */
@Module({})
export class RulesModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly registry: PolicyRegistry,
    private readonly shadows: ShadowRegistry,
    private readonly freshness: PolicyFreshness,
    private readonly heartbeat: InstanceHeartbeat,
  ) {}

  static register(contracts: ContractSet): DynamicModule {
    return {
      module: RulesModule,
      providers: [{ provide: RULE_SET_CONTRACTS, useValue: contracts }, ...PROVIDERS],
      exports: [...PROVIDERS, RULE_SET_CONTRACTS],
    };
  }

  async onModuleInit(): Promise<void> {
    await this.registry.loadFromDirectory();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.shadows.start();
    await this.registry.startListening();
    this.freshness.start();
    await this.heartbeat.start();
  }
}
