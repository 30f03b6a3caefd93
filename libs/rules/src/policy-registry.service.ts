import { Database, type Sql } from '@pps/platform';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, Clock, ConflictError, DomainError } from '@pps/platform';
import { Client } from 'pg';
import { type CompiledRuleSet, compileRuleSet } from './compile-rule-set';
import { ContractSet, RULE_SET_CONTRACTS } from './contracts/contract-set';
import { RuleFileInvalidError } from './rule-errors';
import { loadRulesDir } from './rule-file.loader';
import type { RuleFile } from './rule-file.types';
import { ruleWork } from './rule-work';

export class UnknownRuleSetError extends DomainError {
  constructor(ruleSet: string) {
    super(
      'not_found',
      'PPS.0021',
      { zh: `规则集不存在或未激活: ${ruleSet}`, en: `No active version of rule set ${ruleSet}` },
      { ruleSet },
    );
  }
}

export class UnknownRuleVersionError extends DomainError {
  constructor(ruleSet: string, version: string) {
    super(
      'not_found',
      'PPS.0022',
      { zh: `规则版本不存在: ${ruleSet}@${version}`, en: `No version ${version} of rule set ${ruleSet}` },
      { ruleSet, version },
    );
  }
}

function compareSemver(a: string, b: string): number {
  const pa = a.split(/[.+-]/).slice(0, 3).map(Number);
  const pb = b.split(/[.+-]/).slice(0, 3).map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

export const ACTIVATION_CHANNEL = 'pps_rule_activation';
/** A bootstrap activation is effective "always": decisions at any clock time find a version. */
const BEGINNING = new Date('1970-01-01T00:00:00Z');
const RECHECK_MS = 5_000;

export interface Activation {
  id: string;
  ruleSet: string;
  version: string;
  contentHash: string;
  fromVersion: string | null;
  fromContentHash: string | null;
  kind: 'bootstrap' | 'activate' | 'rollback';
  reason: string;
  effectiveFrom: string;
  activatedAt: string;
  activatedBy: string | null;
}

interface ActivationRow {
  id: string;
  rule_set: string;
  version: string;
  content_hash: string;
  from_version: string | null;
  from_content_hash: string | null;
  kind: Activation['kind'];
  reason: string;
  effective_from: Date | string;
  activated_at: Date | string;
  activated_by: string | null;
}

function toActivation(r: ActivationRow): Activation {
  return {
    id: String(r.id),
    ruleSet: r.rule_set,
    version: r.version,
    contentHash: r.content_hash,
    fromVersion: r.from_version,
    fromContentHash: r.from_content_hash,
    kind: r.kind,
    reason: r.reason,
    effectiveFrom: new Date(r.effective_from).toISOString(),
    activatedAt: new Date(r.activated_at).toISOString(),
    activatedBy: r.activated_by,
  };
}

/**
 * An immutable view of every rule set's activation timeline. A request (or a whole transaction)
 * evaluates against one snapshot, so a switch that lands meanwhile never gives it half of one
 * version and half of another; the version used is the one effective at the decision's time.
 */
export class PolicySnapshot {
  constructor(
    private readonly timelines: ReadonlyMap<
      string,
      ReadonlyArray<{ from: number; activation: Activation; compiled: CompiledRuleSet }>
    >,
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
}

export interface PublishResult {
  ruleSet: string;
  version: string;
  contentHash: string;
  created: boolean;
  publishedAt: string;
}

export interface VersionView {
  version: string;
  contentHash: string;
  status: 'active' | 'scheduled' | 'superseded' | 'available';
  publishedAt: string;
  publishedBy: string | null;
  effectiveFrom: string | null;
}

/**
 * The rule versions: a store of every version ever published (immutable, by content hash), the
 * activation history, and the compiled versions this process evaluates with.
 *
 * - At start, every valid file under `rules/` that the store lacks is published (a file that fails
 *   validation or its embedded tests is reported and skipped), and a rule set with no activation
 *   yet gets its highest version activated.
 * - Activations are rows; inserting one notifies every process (`LISTEN pps_rule_activation`),
 *   which reloads the timeline and swaps its snapshot in one assignment. A periodic re-check
 *   catches a missed notification.
 */
@Injectable()
export class PolicyRegistry implements OnModuleDestroy {
  private readonly logger = new Logger(PolicyRegistry.name);
  private readonly byHash = new Map<string, CompiledRuleSet>();
  private snapshot = new PolicySnapshot(new Map(), '0');
  private listener?: Client;
  private recheck?: NodeJS.Timeout;
  private refreshing?: Promise<void>;
  private refreshAgain = false;
  private stopped = false;
  /** Wall-clock ms of the last notification heard (or LISTEN established) and of the last good read of the store. */
  private heardAt = 0;
  private readAt = 0;
  private readonly notificationHooks: Array<(payload: string) => void> = [];

  constructor(
    private readonly em: Database,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    /** The code's contracts: every version is checked against its rule set's before it is stored or activated. */
    @Inject(RULE_SET_CONTRACTS) readonly contracts: ContractSet,
  ) {}

  // ---- evaluation ----------------------------------------------------------------------------

  current(): PolicySnapshot {
    return this.snapshot;
  }

  activeVersion(ruleSet: string, at: Date = this.clock.now()): CompiledRuleSet {
    return this.snapshot.resolve(ruleSet, at);
  }

  activeRuleSets(at: Date = this.clock.now()): CompiledRuleSet[] {
    return this.snapshot
      .ruleSets()
      .map((r) => this.snapshot.entryAt(r, at)?.compiled)
      .filter((c): c is CompiledRuleSet => c !== undefined);
  }

  /** A stored version by content hash (for replay), compiled on first use. */
  async byContentHash(contentHash: string): Promise<CompiledRuleSet | undefined> {
    const known = this.byHash.get(contentHash);
    if (known) return known;
    const rows = await this.em.query<{ content: string }>(`select content from rule_versions where content_hash = ?`, [
      contentHash,
    ]);
    return rows.length ? this.compile(JSON.parse(rows[0].content) as RuleFile) : undefined;
  }

  async byVersion(ruleSet: string, version: string): Promise<CompiledRuleSet> {
    const rows = await this.em.query<{ content_hash: string }>(
      `select content_hash from rule_versions where rule_set = ? and version = ?`,
      [ruleSet, version],
    );
    const compiled = rows.length ? await this.byContentHash(rows[0].content_hash) : undefined;
    if (!compiled) throw new UnknownRuleVersionError(ruleSet, version);
    return compiled;
  }

  // ---- the version store -----------------------------------------------------------------------

  /**
   * Validates a rule file completely (schema, operators, facts, parameters, embedded tests) and
   * stores it by content hash. The same content again is a no-op; the same version number with
   * other content is a conflict (409): a published version never changes.
   */
  async publish(file: unknown, publishedBy: string | null, expectedRuleSet?: string): Promise<PublishResult> {
    // The contract check is cheap and needs the code's contracts: here. Validation, compilation and
    // the embedded tests run in the rule worker thread (a 750 KB file with 2,000 tests is seconds of
    // CPU): the event loop keeps serving meanwhile.
    const contractProblems = this.contracts.publishProblems(file);
    const check = await ruleWork().check(file, {
      expectedRuleSet,
      runTests: contractProblems.length === 0,
      ruleSetMessage: 'publish',
    });
    if (!check.ok || contractProblems.length > 0)
      throw new RuleFileInvalidError([...(check.ok ? [] : check.problems), ...contractProblems]);
    return this.store(check, publishedBy);
  }

  private async store(
    compiled: { ruleSet: string; version: string; contentHash: string; canonical: string },
    publishedBy: string | null,
  ): Promise<PublishResult> {
    const [row] = await this.em.query<{ content_hash: string; published_at: Date | string; created: boolean }>(
      `with ins as (
         insert into rule_versions (content_hash, rule_set, version, content, published_at, published_by) values (?, ?, ?, ?, ?, ?)
         on conflict do nothing returning content_hash, published_at, true as created
       )
       select content_hash, published_at, created from ins
       union all
       select content_hash, published_at, false as created from rule_versions where rule_set = ? and version = ?
       limit 1`,
      [
        compiled.contentHash,
        compiled.ruleSet,
        compiled.version,
        compiled.canonical,
        this.clock.now(),
        publishedBy,
        compiled.ruleSet,
        compiled.version,
      ],
    );
    if (!row || row.content_hash !== compiled.contentHash) {
      throw new ConflictError(
        'PPS.0024',
        {
          zh: `${compiled.ruleSet}@${compiled.version} 已以不同内容发布；请使用新版本号`,
          en: `${compiled.ruleSet}@${compiled.version} is already published with other content; a change needs a new version`,
        },
        {
          ruleSet: compiled.ruleSet,
          version: compiled.version,
          storedContentHash: row?.content_hash ?? null,
          contentHash: compiled.contentHash,
        },
      );
    }
    return {
      ruleSet: compiled.ruleSet,
      version: compiled.version,
      contentHash: compiled.contentHash,
      created: row.created,
      publishedAt: new Date(row.published_at).toISOString(),
    };
  }

  /** At start: publish what `rules/` has and the store lacks; activate the highest version of a rule set never activated. */
  async loadFromDirectory(dir = this.config.rulesDir): Promise<void> {
    for (const entry of await loadRulesDir(dir)) {
      if (!entry.file || entry.problems.length > 0) {
        this.logger.error(
          { file: entry.path, problems: entry.problems },
          `rule file ${entry.path} is invalid; skipped`,
        );
        continue;
      }
      try {
        const result = await this.publish(entry.file, null);
        if (result.created) this.logger.log(`published ${result.ruleSet}@${result.version} from ${entry.path}`);
      } catch (e) {
        const problems =
          e instanceof RuleFileInvalidError
            ? e.problems
            : e instanceof DomainError
              ? [{ path: '$', message: e.messages.en }]
              : undefined;
        if (!problems) throw e;
        this.logger.error({ file: entry.path, problems }, `rule file ${entry.path} was not published; skipped`);
      }
    }
    await this.bootstrapActivations();
    await this.refresh();
  }

  /**
   * A rule set never activated gets the highest stored version that keeps its contract; a version
   * that does not is logged with every problem and left inactive, and a rule set the code has no
   * contract for is not activated at all.
   */
  private async bootstrapActivations(): Promise<void> {
    const rows = await this.em.query<{ rule_set: string; version: string; content_hash: string }>(
      `select v.rule_set, v.version, v.content_hash from rule_versions v
       where not exists (select 1 from rule_activations a where a.rule_set = v.rule_set)
       order by v.rule_set, string_to_array(v.version, '.')::int[] desc`,
    );
    const done = new Set<string>();
    for (const row of rows) {
      if (done.has(row.rule_set)) continue;
      const compiled = await this.byContentHash(row.content_hash);
      if (!compiled) continue;
      const problems = this.contracts.activationProblems(compiled.file);
      if (problems.length > 0) {
        this.logger.error(
          { ruleSet: row.rule_set, version: row.version, problems },
          `${row.rule_set}@${row.version} breaks its contract with the code; not activated`,
        );
        continue;
      }
      done.add(row.rule_set);
      await this.em.query(
        `insert into rule_activations (rule_set, version, content_hash, kind, reason, effective_from, activated_at)
         select ?, ?, ?, 'bootstrap', 'first start: the highest version in the store that keeps its contract', ?::timestamptz, ?::timestamptz
         where not exists (select 1 from rule_activations where rule_set = ?)`,
        [row.rule_set, row.version, row.content_hash, BEGINNING, this.clock.now(), row.rule_set],
      );
    }
  }

  // ---- activation ------------------------------------------------------------------------------

  /** Activates a stored version now, or from `effectiveFrom` (a scheduled switch). */
  async activate(
    ruleSet: string,
    version: string,
    reason: string,
    activatedBy: string | null,
    effectiveFrom?: Date,
    kind: 'activate' | 'rollback' = 'activate',
    /** Insert inside the caller's transaction (an idempotent request); the caller refreshes after its commit. */
    tx?: Sql,
  ): Promise<Activation> {
    const target = await this.byVersion(ruleSet, version);
    // A version stored by any route (or before contracts existed) enters service only if it keeps its contract.
    const problems = this.contracts.activationProblems(target.file);
    if (problems.length > 0) throw new RuleFileInvalidError(problems);
    const insert = async (t: Sql): Promise<ActivationRow> => {
      // One activation of a rule set at a time (until its transaction commits), so that the version
      // it replaces is read after every earlier activation is visible: the history is a total order.
      await lockActivations(t, ruleSet);
      const now = this.clock.now();
      const from = effectiveFrom && effectiveFrom.getTime() > now.getTime() ? effectiveFrom : now;
      await this.refresh();
      const previous = this.snapshot.entryAt(ruleSet, from)?.compiled;
      const [row] = await t.query<ActivationRow>(
        `insert into rule_activations (rule_set, version, content_hash, from_version, from_content_hash, kind, reason, effective_from, activated_at, activated_by)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning *`,
        [
          ruleSet,
          target.version,
          target.contentHash,
          previous?.version ?? null,
          previous?.contentHash ?? null,
          kind,
          reason,
          from,
          now,
          activatedBy,
        ],
      );
      return row;
    };
    const row = tx ? await insert(tx) : await this.em.transaction(insert);
    if (!tx) await this.refresh();
    return toActivation(row);
  }

  /** Activates the version that was active before the current one (read under the rule set's activation lock). */
  async rollback(ruleSet: string, reason: string, activatedBy: string | null, tx?: Sql): Promise<Activation> {
    const run = async (t: Sql): Promise<Activation> => {
      await lockActivations(t, ruleSet);
      await this.refresh();
      const current = this.snapshot.entryAt(ruleSet, this.clock.now());
      if (!current) throw new UnknownRuleSetError(ruleSet);
      if (!current.activation.fromVersion) {
        throw new ConflictError(
          'PPS.0025',
          { zh: `${ruleSet} 没有可回滚的上一版本`, en: `${ruleSet} has no previous version to roll back to` },
          { ruleSet },
        );
      }
      return this.activate(ruleSet, current.activation.fromVersion, reason, activatedBy, undefined, 'rollback', t);
    };
    const activation = tx ? await run(tx) : await this.em.transaction(run);
    if (!tx) await this.refresh();
    return activation;
  }

  async history(ruleSet: string): Promise<Activation[]> {
    const rows = await this.em.query<ActivationRow>(`select * from rule_activations where rule_set = ? order by id`, [
      ruleSet,
    ]);
    return rows.map(toActivation);
  }

  async versions(ruleSet: string): Promise<{ ruleSet: string; versions: VersionView[]; history: Activation[] }> {
    const rows = await this.em.query<{
      version: string;
      content_hash: string;
      published_at: Date | string;
      published_by: string | null;
    }>(`select version, content_hash, published_at, published_by from rule_versions where rule_set = ?`, [ruleSet]);
    if (rows.length === 0) throw new UnknownRuleSetError(ruleSet);
    const history = await this.history(ruleSet);
    const now = this.clock.now().getTime();
    const activeHash = this.snapshot.entryAt(ruleSet, new Date(now))?.compiled.contentHash;
    const versions = rows
      .map((r): VersionView => {
        const own = history.filter((a) => a.contentHash === r.content_hash);
        const scheduled = own.find((a) => Date.parse(a.effectiveFrom) > now);
        const status =
          r.content_hash === activeHash
            ? 'active'
            : scheduled
              ? 'scheduled'
              : own.length > 0
                ? 'superseded'
                : 'available';
        const effective = scheduled ?? [...own].reverse().find((a) => Date.parse(a.effectiveFrom) <= now);
        return {
          version: r.version,
          contentHash: r.content_hash,
          status,
          publishedAt: new Date(r.published_at).toISOString(),
          publishedBy: r.published_by,
          effectiveFrom: effective ? effective.effectiveFrom : null,
        };
      })
      .sort((a, b) => compareSemver(a.version, b.version));
    return { ruleSet, versions, history };
  }

  // ---- keeping every process in step ----------------------------------------------------------

  /** When this process last heard the activation channel (a notification, or LISTEN established). */
  lastHeardAt(): Date | null {
    return this.heardAt ? new Date(this.heardAt) : null;
  }

  /** When this process last read the activation timeline from the store successfully. */
  lastReadAt(): Date | null {
    return this.readAt ? new Date(this.readAt) : null;
  }

  isListening(): boolean {
    return this.listener !== undefined;
  }

  /** Called with every payload heard on the activation channel (shadows and pings share it). */
  onNotification(hook: (payload: string) => void): void {
    this.notificationHooks.push(hook);
  }

  /** Reloads the activation timeline and swaps the snapshot (coalescing concurrent calls). */
  async refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      try {
        do {
          this.refreshAgain = false;
          await this.reload();
        } while (this.refreshAgain);
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  private async reload(): Promise<void> {
    const rows = await this.em.query<ActivationRow>(
      `select * from rule_activations order by rule_set, effective_from, id`,
    );
    const timelines = new Map<string, Array<{ from: number; activation: Activation; compiled: CompiledRuleSet }>>();
    let last = 0n;
    for (const row of rows) {
      const compiled = await this.byContentHash(row.content_hash);
      if (!compiled) continue;
      const activation = toActivation(row);
      const list = timelines.get(row.rule_set) ?? [];
      list.push({ from: Date.parse(activation.effectiveFrom), activation, compiled });
      timelines.set(row.rule_set, list);
      if (BigInt(row.id) > last) last = BigInt(row.id);
    }
    const changed = this.snapshot.lastActivationId !== String(last);
    this.snapshot = new PolicySnapshot(timelines, String(last));
    this.readAt = Date.now();
    if (changed)
      this.logger.log(
        `rule versions in force: ${
          this.activeRuleSets()
            .map((c) => `${c.ruleSet}@${c.version}`)
            .join(', ') || 'none'
        }`,
      );
  }

  /** LISTEN for activations from any process; re-check periodically in case a notification is missed. */
  async startListening(): Promise<void> {
    this.stopped = false;
    await this.connectListener();
    this.recheck = setInterval(() => void this.recheckNow(), RECHECK_MS);
    this.recheck.unref();
  }

  private async connectListener(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.em.url,
      application_name: 'pps-rule-listener',
    });
    client.on('notification', (message) => {
      this.heardAt = Date.now();
      const payload = message.payload ?? '';
      for (const hook of this.notificationHooks) hook(payload);
      // Pings (instance heartbeats) and shadow changes share the channel; only activations reload the timeline.
      if (payload.startsWith('ping:') || payload.startsWith('shadow:')) return;
      void this.refresh().catch((e: unknown) => this.logger.error({ err: e }, 'could not reload rule activations'));
    });
    client.on('error', (e) => {
      this.logger.warn(`rule activation listener lost its connection (${e.message}); reconnecting`);
      this.listener = undefined;
      void client.end().catch(() => undefined);
      setTimeout(() => void this.connectListener().catch(() => undefined), 1_000).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${ACTIVATION_CHANNEL}`);
      this.listener = client;
      this.heardAt = Date.now();
      for (const hook of this.notificationHooks) hook('listening');
      await this.refresh(); // whatever happened while not listening
    } catch (e) {
      await client.end().catch(() => undefined);
      if (!this.stopped) setTimeout(() => void this.connectListener().catch(() => undefined), 1_000).unref();
      this.logger.warn(`rule activation listener could not connect (${(e as Error).message}); retrying`);
    }
  }

  private async recheckNow(): Promise<void> {
    try {
      const [row] = await this.em.query<{ id: string | null }>(`select max(id)::text as id from rule_activations`);
      if ((row?.id ?? '0') !== this.snapshot.lastActivationId) await this.refresh();
      else this.readAt = Date.now();
    } catch (e) {
      this.logger.warn(`rule activation re-check failed: ${(e as Error).message}`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.recheck) clearInterval(this.recheck);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  private compile(file: RuleFile): CompiledRuleSet {
    const compiled = compileRuleSet(file);
    const known = this.byHash.get(compiled.contentHash);
    if (known) return known;
    this.byHash.set(compiled.contentHash, compiled);
    return compiled;
  }
}

/** Advisory lock class of rule activations ('PPRA'); the decision log's locks use classes of their own. */
const ACTIVATION_LOCK = 0x50505241;

/** The rule set's activation lock, held until the transaction ends (re-entrant within it). */
async function lockActivations(tx: Sql, ruleSet: string): Promise<void> {
  await tx.query(`select pg_advisory_xact_lock(${ACTIVATION_LOCK}, hashtext(?))`, [ruleSet]);
}
