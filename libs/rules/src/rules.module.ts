import { type DynamicModule, Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { ActivationService } from './activation/activation.service';
import { ContractSet, RULE_SET_CONTRACTS } from './contracts/contract-set';
import { PolicyListener } from './policy-listener';
import { PolicyRegistry } from './policy-registry.service';
import { InstanceHeartbeat } from './rollout/instance-heartbeat';
import { PolicyFreshness } from './rollout/policy-freshness';
import { ShadowRegistry } from './rollout/shadow-registry';
import { VersionStore } from './versions/version-store';

/**
 * The version store, activations, the listener that keeps this process in step, the registry (a
 * facade over the three), and what keeps a safe rollout: shadow versions, staleness (fail
 * closed), the instance heartbeat.
 */
const PROVIDERS = [
  VersionStore,
  ActivationService,
  PolicyListener,
  PolicyRegistry,
  ShadowRegistry,
  PolicyFreshness,
  InstanceHeartbeat,
];

/**
 * The rule versions of this process: loaded from the store (and `rules/`) at start, kept in step
 * after. `register` hands it the code's contracts, against which every version is checked. Global:
 * the libraries above (the audit log's replay and impact read the version store) use its providers
 * without importing the code's contracts, which only the partners layer knows.
 */
@Module({})
export class RulesModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly registry: PolicyRegistry,
    private readonly listener: PolicyListener,
    private readonly shadows: ShadowRegistry,
    private readonly freshness: PolicyFreshness,
    private readonly heartbeat: InstanceHeartbeat,
  ) {}

  static register(contracts: ContractSet): DynamicModule {
    return {
      module: RulesModule,
      global: true,
      providers: [{ provide: RULE_SET_CONTRACTS, useValue: contracts }, ...PROVIDERS],
      exports: [...PROVIDERS, RULE_SET_CONTRACTS],
    };
  }

  async onModuleInit(): Promise<void> {
    await this.registry.loadFromDirectory();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.shadows.start();
    await this.listener.start();
    this.freshness.start();
    await this.heartbeat.start();
  }
}
