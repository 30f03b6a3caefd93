/**
 * Generated from the service's OpenAPI document (GET /docs-json) by openapi-typescript — do not edit.
 * Regenerate: PPS_UPDATE_API_TYPES=1 npx jest test/e2e/console-api-types.e2e-spec.ts
 * (npm test fails while this file is stale.)
 */
export interface paths {
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Readiness: the database answers a ping and the rule sets are loaded */
    get: operations['HealthController_check'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/ping': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Authenticated no-op (any valid key): { ok: true } */
    get: operations['PingController_ping'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Prometheus metrics: request counts and latency by route and status */
    get: operations['MetricsController_scrape'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/api-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every API key: id, role, partner, label, who created it, created/expires/revoked at */
    get: operations['ApiKeysController_list'];
    put?: never;
    /** Issue an API key (shown once, stored hashed; a retry with the same Idempotency-Key answers the same id with key null) */
    post: operations['ApiKeysController_issue'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/api-keys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke a key: 401 at once in this process, within the 10 s key cache in others; a key cannot revoke itself */
    delete: operations['ApiKeysController_revoke'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/api-keys/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who the key in Authorization is: its id, role and partner (the console shows only what the role may do) */
    get: operations['ApiKeysController_me'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Create a partner with its accounts */
    post: operations['PartnersController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A partner with its balances (cash, available, incentive, voucher quota) */
    get: operations['PartnersController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/top-ups': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Money in: platform funding → partner cash */
    post: operations['PartnersController_topUp'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/voucher-quota': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The platform grants voucher quota to a distributor: platform voucher clearing account → the distributor's quota (voucher-issuance rule set, platform_grant) */
    post: operations['PartnersController_grantVoucherQuota'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/customers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Create a customer with its flags and accounts; with a partner key `{ name, mode, taxId? }` creates it associated with that partner (association rule set; 422 when denied) */
    post: operations['CustomersController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/customers/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A customer with balances and its association (a partner key: its own customers only) */
    get: operations['CustomersController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/associations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Associate a customer with a partner in a mode (association rule set; 422 when denied) */
    post: operations['AssociationsController_associate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/associations/{id}/switch': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Switch the association mode (limited per customer per window) */
    post: operations['AssociationsController_switchMode'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/associations/{id}/disassociate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** End the association; a resale customer's balance returns to the partner */
    post: operations['AssociationsController_disassociate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/adjustments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Allocate to or reclaim from a resale customer (account-adjustment rule set; 422 CBC.5021/5004/5003 when denied) */
    post: operations['AdjustmentsController_adjust'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/orders': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** An order paid online, from the balance, by voucher or by the partner (payment rule set) */
    post: operations['OrdersController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/orders/{id}/refunds': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Refund (part of) an order; the refund-destination rule set chooses where the money goes */
    post: operations['OrdersController_refund'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/rule-sets': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every rule set with its active version and content hash */
    get: operations['RuleSetsController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/rule-sets/{ruleSet}/versions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The stored versions of a rule set (active, scheduled, superseded, available), hashes, who/when, and the activation history */
    get: operations['RuleSetsController_versions'];
    put?: never;
    /** Publish a rule file (the body): validated completely, embedded tests must pass; 201 stored, 200 already stored, 409 same version with other content */
    post: operations['RuleSetsController_publish'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/rule-sets/{ruleSet}/contract': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The rule set's contract with the code as JSON Schema: the facts supplied, the outcome understood, the parameters read, the reason codes */
    get: operations['RuleSetsController_contract'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/rule-sets/{ruleSet}/activate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Activate a stored version now, or schedule it with effectiveFrom; every service process follows within a second. With ACTIVATION_APPROVALS=2: 202 and a change request another admin approves */
    post: operations['RuleSetsController_activate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/rule-sets/{ruleSet}/rollback': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Activate the version that was active before the current one. With ACTIVATION_APPROVALS=2: 202 and a change request */
    post: operations['RuleSetsController_rollback'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/rule-sets/{ruleSet}/evaluate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A recorded policy check: outcome, reasons and per-condition results; no money moves */
    post: operations['RuleSetsController_evaluate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/rule-sets/{ruleSet}/diff': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What changed between two stored versions: rules, parameters, facts, default and tests added, removed or changed */
    get: operations['RuleSetVersionsController_diff'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/rule-sets/{ruleSet}/versions/{version}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One stored version: the rule file exactly as published (its content hash is in GET …/versions) */
    get: operations['RuleSetVersionsController_file'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/decisions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Decisions, newest first, filtered, by cursor (keyset on decision time and id) */
    get: operations['DecisionsController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/decisions/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Seal what is committed, then walk the hash chain: { ok, checked, pending, firstBrokenId? } */
    get: operations['DecisionsController_verify'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/decisions/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The records of a window as NDJSON, each with its chain fields, for offline verification (README: Auditing) */
    get: operations['DecisionsController_export'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/decisions/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One full record: facts, version and content hash, outcome, reasons, results, subject, chain fields */
    get: operations['DecisionsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/decisions/{id}/replay': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Re-evaluate the stored facts with the exact version (by content hash) and compare; writes nothing */
    post: operations['DecisionsController_replay'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/rule-sets/{ruleSet}/impact': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Replay a window's decisions of the rule set under a candidate file or stored version: changes by outcome and reason, samples, and money that would move differently */
    post: operations['ImpactController_impact'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/incentives': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Accrue an incentive: platform incentive expense → partner incentive account */
    post: operations['IncentivesController_accrue'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/incentives/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An incentive and its status */
    get: operations['IncentivesController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/incentives/{id}/payout-options': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The payout methods this incentive offers (incentive-payout rule set; recorded) */
    get: operations['IncentivesController_options'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/incentives/{id}/payouts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Request a payout by a method; final once submitted; bank transfers are reserved until approved */
    post: operations['IncentivesController_payout'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/payouts/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A payout and its state (completed, pending, sending, paid, failed, rejected); for an approved bank transfer its bank reference, attempts and the last bank code; the destination account masked but its last 4 digits */
    get: operations['IncentivesController_getPayout'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/payouts/{id}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Approve a bank-transfer payout: it is sent to the bank (status sending); settled → paid (reserve → platform bank payout), CBC.99007262 → retried with the same bank reference, CBC.99007260 → failed (reserve back to the incentive account) */
    post: operations['IncentivesController_approve'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/payouts/{id}/reject': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Reject a bank-transfer payout: the reserve returns to the partner's incentive account */
    post: operations['IncentivesController_reject'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/owed-invoices': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Owed-invoice records (记欠票) created by credit_with_owed_invoice payouts */
    get: operations['IncentivesController_owedInvoices'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/exit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Record that the partner left the program (its incentives are void a year later) */
    post: operations['IncentivesController_exit'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/voucher-quota-grants': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A distributor grants voucher quota to its own reseller (voucher-issuance rule set) */
    post: operations['VouchersController_grant'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/vouchers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Issue a voucher from the partner quota to its own referral customer */
    post: operations['VouchersController_issue'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/vouchers/{id}/reclaim': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Reclaim what is left of a voucher (never a referral customer's: CBC.99000045) */
    post: operations['VouchersController_reclaim'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/deal-registrations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Register a prospect (pending); refused while another partner holds a live registration */
    post: operations['DealRegistrationsController_register'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/deal-registrations/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A deal registration */
    get: operations['DealRegistrationsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/deal-registrations/{id}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Approve: exclusive for the validity period (15 days by default) */
    post: operations['DealRegistrationsController_approve'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/deal-registrations/{id}/invitations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** An invitation link: online expires after 7 days, offline never; each is used once */
    post: operations['DealRegistrationsController_invite'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/invitations/{token}/accept': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The customer accepts: associates it in the requested mode (deal-registration and association rule sets) */
    post: operations['DealRegistrationsController_accept'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/transfers/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One transfer: code, authorising decision, time, and its legs (signed amounts per account) */
    get: operations['TransfersController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/transfers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A partner's most recent transfers (any leg on its accounts), newest first, each with its legs and decision */
    get: operations['TransfersController_ofPartner'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/consumption': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Consumption detail (消费明细) of the partner's customers: one record per order placed while associated with the partner, net of refunds, oldest first, keyset-paged; 404 CBC.8005 when the window has none */
    get: operations['ConsumptionController_detail'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/consumption/summary': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Consumption summary (消费汇总) by customer, Beijing day or Beijing month, with asOf; not a bill (bill: false) — the detail is authoritative; 404 CBC.8005 when the window has none */
    get: operations['ConsumptionController_summary'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/rule-sets/{ruleSet}/shadow': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The shadow version in force (or null) and the shadow history */
    get: operations['ShadowController_current'];
    put?: never;
    /** Set a shadow version: every evaluation of the rule set also evaluates it on the same facts and stores its outcome beside the decision, never changing it; every instance follows within a second */
    post: operations['ShadowController_set'];
    /** Stop the shadow version (kept in the history) */
    delete: operations['ShadowController_clear'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/rule-sets/{ruleSet}/shadow/report': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What the shadow did on live traffic in the window: counts by active → shadow outcome and reason, samples, failures, and the money difference per partner and in total */
    get: operations['ShadowController_report'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/decisions/{id}/shadow': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What the shadow version decided for this decision (or why it failed), what it would have moved differently (amount and accounts), and the same shadow version replayed on the stored facts */
    get: operations['DecisionShadowController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/rule-sets/{ruleSet}/simulate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Evaluate facts against the active, the shadow, stored or uploaded versions side by side, condition by condition; nothing is recorded, no money moves */
    post: operations['SimulateController_simulate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/rule-sets/{ruleSet}/change-requests': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Activations and rollbacks waiting for (or decided by) a second admin, each with its impact report over the last 30 days and its shadow report */
    get: operations['ChangeRequestsController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/rule-sets/{ruleSet}/change-requests/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One change request */
    get: operations['ChangeRequestsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/rule-sets/{ruleSet}/change-requests/{id}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Approve (another admin key than the requester: else 403): the activation or rollback happens; every instance follows within a second */
    post: operations['ChangeRequestsController_approve'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/rule-sets/{ruleSet}/change-requests/{id}/reject': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Reject (another admin key than the requester: else 403): nothing changes */
    post: operations['ChangeRequestsController_reject'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/instances': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every service instance's heartbeat: versions and shadows in force, when it last heard the activation channel; marks instances that lag the store's active version or have not beaten for 10 s */
    get: operations['InstancesController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    IssueApiKeyDto: {
      /** @enum {string} */
      role: 'admin' | 'service' | 'auditor' | 'partner';
      /** @description Required for role partner: the one partner this key acts for */
      partnerId?: string;
      /** @description A note for the humans: who or what uses this key */
      label?: string;
      /** @description When the key stops working (RFC 3339 instant, in the future); none: never */
      expiresAt?: string;
    };
    BankAccountDto: {
      holderName: string;
      /**
       * @description Digits (spaces between groups allowed), 8–30 of them; a UnionPay card number (16–19 digits from 62) must pass its Luhn check digit
       * @example 6222020000000015
       */
      number: string;
    };
    CreatePartnerDto: {
      name: string;
      /** @enum {string} */
      kind: 'solution_provider' | 'reseller' | 'distributor';
      /** @description The verified real name (实名认证) */
      realName: string;
      /**
       * @description Credit line: partner cash may go down to minus this
       * @example 1000.00
       */
      creditLimit?: string;
      /** @description For a reseller: its distributor */
      distributorId?: string;
      bankAccount?: components['schemas']['BankAccountDto'];
    };
    TopUpDto: {
      /** @example 1000.00 */
      amount: string;
    };
    VoucherQuotaGrantDto: {
      /**
       * @description Voucher quota granted by the platform: a decimal string, at most 2 decimals
       * @example 10000.00
       */
      amount: string;
    };
    CustomerFlagsDto: {
      internal?: boolean;
      directContract?: boolean;
      liveReservedInstance?: boolean;
      liveSupportPlan?: boolean;
      uninvoicedBalance?: boolean;
      unusedStoredValueCard?: boolean;
      bonusBalance?: boolean;
      frozen?: boolean;
      inArrears?: boolean;
    };
    CreateCustomerDto: {
      name: string;
      /** @description The company tax id: matches deal registrations of this prospect */
      taxId?: string;
      /** @description When the customer registered with the cloud (default: now) */
      createdAt?: string;
      flags?: components['schemas']['CustomerFlagsDto'];
      /**
       * @description Partner keys only (and required with one): the customer is created associated with the key's partner in this mode
       * @enum {string}
       */
      mode?: 'referral' | 'resale';
    };
    AssociateDto: {
      partnerId: string;
      customerId: string;
      /** @enum {string} */
      mode: 'referral' | 'resale';
    };
    SwitchModeDto: {
      /** @enum {string} */
      mode: 'referral' | 'resale';
    };
    AdjustmentDto: {
      partnerId: string;
      customerId: string;
      /** @enum {string} */
      operation: 'allocate' | 'reclaim';
      /** @example 100.00 */
      amount: string;
    };
    CreateOrderDto: {
      customerId: string;
      /** @example 100.00 */
      amount: string;
      /** @enum {string} */
      paymentMethod: 'online' | 'balance' | 'voucher' | 'partner_paid';
      paidByPartnerId?: string;
      /**
       * @description The customer's sub-user account (子用户) that placed the order: 1–64 characters, no control characters
       * @example dev-ops-01
       */
      subUser?: string;
    };
    RefundDto: {
      /**
       * @description Default: all that is left to refund
       * @example 10.00
       */
      amount?: string;
    };
    ActivateDto: {
      /** @example 1.1.0 */
      version: string;
      /** @description Why: kept in the activation history */
      reason: string;
      /** @description A future instant schedules the switch */
      effectiveFrom?: string;
    };
    RollbackDto: {
      /** @description Why: kept in the activation history */
      reason: string;
    };
    EvaluateDto: {
      /** @description The facts, as the rule set declares them (money as decimal strings, times as ISO-8601 instants) */
      facts: Record<string, never>;
      /** @description A stored version to evaluate instead of the active one */
      version?: string;
    };
    ImpactDto: {
      /**
       * @description Decided at or after (inclusive)
       * @example 2026-01-01T00:00:00Z
       */
      from?: string;
      /**
       * @description Decided before (exclusive)
       * @example 2026-02-01T00:00:00Z
       */
      to?: string;
      /** @description A candidate rule file (not yet published; validated like a publish), or a stored version of the rule set as a string ("1.1.0") */
      candidate?: Record<string, never> | string;
      /**
       * @description Or a stored version of the rule set
       * @example 1.1.0
       */
      version?: string;
    };
    AccrueIncentiveDto: {
      partnerId: string;
      /** @example 120.00 */
      amount: string;
      /**
       * @description The association mode it was earned under
       * @enum {string}
       */
      mode: 'referral' | 'resale';
      /**
       * @description Generation date (an ISO-8601 instant with a zone)
       * @example 2023-10-01T00:00:00Z
       */
      generatedAt: string;
      /** @description Earned on a credit purchase the customer has not paid */
      frozen?: boolean;
    };
    RequestPayoutDto: {
      /** @enum {string} */
      method: 'credit_with_owed_invoice' | 'voucher_quota' | 'credit_withdrawable' | 'bank_transfer';
      /** @description For bank_transfer (default: the partner's recorded account) */
      bankAccount?: components['schemas']['BankAccountDto'];
    };
    PartnerExitDto: {
      /** @description When the partner left the program (default: now) */
      exitedAt?: string;
    };
    GrantQuotaDto: {
      distributorId: string;
      resellerId: string;
      /** @example 500.00 */
      amount: string;
    };
    IssueVoucherDto: {
      partnerId: string;
      customerId: string;
      /** @example 50.00 */
      amount: string;
    };
    ProspectDto: {
      name: string;
      /** @description The prospect company tax id (统一社会信用代码) */
      taxId: string;
    };
    RegisterDto: {
      partnerId: string;
      prospect: components['schemas']['ProspectDto'];
    };
    InviteDto: {
      /** @enum {string} */
      channel: 'online' | 'offline';
    };
    AcceptDto: {
      customerId: string;
      /** @enum {string} */
      mode: 'referral' | 'resale';
    };
    SetShadowDto: {
      /**
       * @description A stored version (not the active one) to evaluate beside the active one
       * @example 1.1.0
       */
      version: string;
      /** @description Why: kept in the shadow history */
      reason: string;
    };
    ReasonDto: {
      /** @description Why: kept in the history */
      reason: string;
    };
    SimulateTargetDto: {
      /** @enum {string} */
      kind: 'active' | 'shadow' | 'stored' | 'uploaded';
      /**
       * @description For kind stored: the stored version
       * @example 1.1.0
       */
      version?: string;
      /** @description For kind uploaded: a candidate rule file (validated, not stored) */
      file?: {
        [key: string]: unknown;
      };
    };
    SimulateDto: {
      /** @description The facts, as the rule set declares them */
      facts: {
        [key: string]: unknown;
      };
      /** @description 1 to 4 versions to evaluate side by side */
      targets: components['schemas']['SimulateTargetDto'][];
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  HealthController_check: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The Health Check is successful */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @example ok */
            status?: string;
            /**
             * @example {
             *       "database": {
             *         "status": "up"
             *       }
             *     }
             */
            info?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            } | null;
            /** @example {} */
            error?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            } | null;
            /**
             * @example {
             *       "database": {
             *         "status": "up"
             *       }
             *     }
             */
            details?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            };
          };
        };
      };
      /** @description The Health Check is not successful */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @example error */
            status?: string;
            /**
             * @example {
             *       "database": {
             *         "status": "up"
             *       }
             *     }
             */
            info?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            } | null;
            /**
             * @example {
             *       "redis": {
             *         "status": "down",
             *         "message": "Could not connect"
             *       }
             *     }
             */
            error?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            } | null;
            /**
             * @example {
             *       "database": {
             *         "status": "up"
             *       },
             *       "redis": {
             *         "status": "down",
             *         "message": "Could not connect"
             *       }
             *     }
             */
            details?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            };
          };
        };
      };
    };
  };
  PingController_ping: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  MetricsController_scrape: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ApiKeysController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ApiKeysController_issue: {
    parameters: {
      query?: never;
      header: {
        'idempotency-key': string;
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['IssueApiKeyDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ApiKeysController_revoke: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ApiKeysController_me: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  PartnersController_create: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreatePartnerDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  PartnersController_get: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  PartnersController_topUp: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['TopUpDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  PartnersController_grantVoucherQuota: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['VoucherQuotaGrantDto'];
      };
    };
    responses: {
      /** @description { transferId, decision_id, balances } */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  CustomersController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateCustomerDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  CustomersController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AssociationsController_associate: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AssociateDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AssociationsController_switchMode: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SwitchModeDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AssociationsController_disassociate: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdjustmentsController_adjust: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AdjustmentDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  OrdersController_create: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateOrderDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  OrdersController_refund: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RefundDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  RuleSetsController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  RuleSetsController_versions: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ruleSet: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  RuleSetsController_publish: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ruleSet: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  RuleSetsController_contract: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ruleSet: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  RuleSetsController_activate: {
    parameters: {
      query?: never;
      header: {
        'idempotency-key': string;
      };
      path: {
        ruleSet: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ActivateDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  RuleSetsController_rollback: {
    parameters: {
      query?: never;
      header: {
        'idempotency-key': string;
      };
      path: {
        ruleSet: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RollbackDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  RuleSetsController_evaluate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ruleSet: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['EvaluateDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  RuleSetVersionsController_diff: {
    parameters: {
      query: {
        /** @description The stored version to compare from */
        from: string;
        /** @description The stored version to compare to */
        to: string;
      };
      header?: never;
      path: {
        ruleSet: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  RuleSetVersionsController_file: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ruleSet: string;
        version: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DecisionsController_list: {
    parameters: {
      query?: {
        /** @description Decided at or after (inclusive) */
        from?: string;
        /** @description Decided before (exclusive) */
        to?: string;
        ruleSet?: string;
        partnerId?: string;
        customerId?: string;
        /** @description Part of the partner's name or real name (case-insensitive) */
        partnerName?: string;
        /** @description Part of the customer's name (case-insensitive) */
        customerName?: string;
        effect?: 'allow' | 'deny';
        /** @description The nextCursor of the previous page (opaque) */
        cursor?: string;
        limit?: number;
        /** @description By decision time; newest first by default */
        order?: 'desc' | 'asc';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DecisionsController_verify: {
    parameters: {
      query?: {
        /** @description Decided at or after (inclusive) */
        from?: string;
        /** @description Decided before (exclusive) */
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DecisionsController_export: {
    parameters: {
      query?: {
        /** @description Decided at or after (inclusive) */
        from?: string;
        /** @description Decided before (exclusive) */
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DecisionsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DecisionsController_replay: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ImpactController_impact: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ruleSet: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ImpactDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  IncentivesController_accrue: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AccrueIncentiveDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  IncentivesController_get: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  IncentivesController_options: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  IncentivesController_payout: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RequestPayoutDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  IncentivesController_getPayout: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  IncentivesController_approve: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  IncentivesController_reject: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  IncentivesController_owedInvoices: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  IncentivesController_exit: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['PartnerExitDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  VouchersController_grant: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['GrantQuotaDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  VouchersController_issue: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['IssueVoucherDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  VouchersController_reclaim: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DealRegistrationsController_register: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RegisterDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DealRegistrationsController_get: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DealRegistrationsController_approve: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DealRegistrationsController_invite: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['InviteDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DealRegistrationsController_accept: {
    parameters: {
      query?: never;
      header?: {
        'Idempotency-Key'?: string;
      };
      path: {
        token: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AcceptDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  TransfersController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  TransfersController_ofPartner: {
    parameters: {
      query?: {
        limit?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ConsumptionController_detail: {
    parameters: {
      query?: {
        /** @description Decided at or after (inclusive) */
        from?: string;
        /** @description Decided before (exclusive) */
        to?: string;
        /** @description One of the partner’s customers */
        customerId?: string;
        /** @description One sub-user account (子用户) of the customers: that user's orders only */
        subUser?: string;
        /** @description The nextCursor of the previous page (opaque) */
        cursor?: string;
        limit?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ConsumptionController_summary: {
    parameters: {
      query?: {
        /** @description Decided at or after (inclusive) */
        from?: string;
        /** @description Decided before (exclusive) */
        to?: string;
        /** @description day and month are Beijing-time (Asia/Shanghai) calendar days and months */
        groupBy?: 'customer' | 'day' | 'month';
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ShadowController_current: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ruleSet: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ShadowController_set: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ruleSet: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SetShadowDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ShadowController_clear: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ruleSet: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ReasonDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ShadowController_report: {
    parameters: {
      query?: {
        /** @description Decided at or after (inclusive) */
        from?: string;
        /** @description Decided before (exclusive) */
        to?: string;
      };
      header?: never;
      path: {
        ruleSet: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DecisionShadowController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  SimulateController_simulate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ruleSet: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SimulateDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ChangeRequestsController_list: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ruleSet: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ChangeRequestsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ruleSet: string;
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ChangeRequestsController_approve: {
    parameters: {
      query?: never;
      header: {
        'idempotency-key': string;
      };
      path: {
        ruleSet: string;
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ReasonDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ChangeRequestsController_reject: {
    parameters: {
      query?: never;
      header: {
        'idempotency-key': string;
      };
      path: {
        ruleSet: string;
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ReasonDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  InstancesController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
}
