import {
  bigint,
  boolean,
  date,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The intelligence module's tables (imports, orders, ad_accounts, ad_campaigns, ad_sets, ads, model_runs, contact_ltv, insights, ad_sync_runs, insight_actions, ad_daily_metrics, model_results, intel_schedules, intel_known_events) for typed queries (src/kernel/db/orm.ts). The SQL
 * migrations in src/kernel/db/migrations/ create them; this file only describes their columns
 * (first drafted with `drizzle-kit pull`) and src/app/db-schema.integration.test.ts fails when the
 * two disagree. Timestamps are `Date`s, dates `YYYY-MM-DD` strings, bigint money numbers.
 */

export const imports = pgTable('imports', {
  id: uuid().defaultRandom().primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  kind: text().notNull(),
  status: text().notNull(),
  fileName: text('file_name'),
  mapping: jsonb().notNull(),
  totalRows: integer('total_rows').notNull(),
  importedRows: integer('imported_rows').notNull(),
  duplicateRows: integer('duplicate_rows').default(0).notNull(),
  errorRows: integer('error_rows').notNull(),
  errors: jsonb().notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
});

export const orders = pgTable('orders', {
  id: uuid().defaultRandom().primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  contactId: uuid('contact_id').notNull(),
  externalOrderId: text('external_order_id'),
  dedupeKey: text('dedupe_key').notNull(),
  orderedOn: date('ordered_on').notNull(),
  // You can use { mode: "bigint" } if numbers are exceeding js number limitations
  amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
  currency: text().notNull(),
  importId: uuid('import_id'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
});

export const adAccounts = pgTable('ad_accounts', {
  id: uuid().defaultRandom().primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  platform: text().notNull(),
  externalId: text('external_id').notNull(),
  name: text(),
  currency: text().notNull(),
  connector: jsonb(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
  /** The account's reporting time zone (IANA name); null follows the workspace's. */
  timeZone: text('time_zone'),
});

export const adCampaigns = pgTable('ad_campaigns', {
  id: uuid().defaultRandom().primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  accountId: uuid('account_id').notNull(),
  externalId: text('external_id').notNull(),
  name: text(),
  // You can use { mode: "bigint" } if numbers are exceeding js number limitations
  dailyBudgetMinor: bigint('daily_budget_minor', { mode: 'number' }),
  status: text().default('active').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
});

export const adSets = pgTable('ad_sets', {
  id: uuid().defaultRandom().primaryKey(),
  campaignId: uuid('campaign_id').notNull(),
  externalId: text('external_id').notNull(),
  name: text(),
});

export const ads = pgTable('ads', {
  id: uuid().defaultRandom().primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  campaignId: uuid('campaign_id').notNull(),
  adSetId: uuid('ad_set_id').notNull(),
  externalId: text('external_id').notNull(),
  name: text(),
  status: text().default('active').notNull(),
});

export const modelRuns = pgTable('model_runs', {
  id: uuid().defaultRandom().primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  models: text().array().notNull(),
  reason: text().notNull(),
  status: text().default('queued').notNull(),
  progress: jsonb().default({}).notNull(),
  summary: jsonb().default({}).notNull(),
  error: text(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
  startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
  finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
});

export const contactLtv = pgTable('contact_ltv', {
  contactId: uuid('contact_id').primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  frequency: integer().notNull(),
  recencyWeeks: doublePrecision('recency_weeks').notNull(),
  tWeeks: doublePrecision('t_weeks').notNull(),
  pAlive: doublePrecision('p_alive').notNull(),
  expectedPurchases30: doublePrecision('expected_purchases_30').notNull(),
  expectedPurchases90: doublePrecision('expected_purchases_90').notNull(),
  expectedPurchases365: doublePrecision('expected_purchases_365').notNull(),
  // You can use { mode: "bigint" } if numbers are exceeding js number limitations
  expectedOrderValueMinor: bigint('expected_order_value_minor', { mode: 'number' }),
  // You can use { mode: "bigint" } if numbers are exceeding js number limitations
  clvMinor: bigint('clv_minor', { mode: 'number' }),
  currency: text().notNull(),
  runId: uuid('run_id'),
  computedAt: timestamp('computed_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
});

export const insights = pgTable('insights', {
  id: uuid().defaultRandom().primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  kind: text().notNull(),
  severity: text().notNull(),
  status: text().default('new').notNull(),
  fingerprint: text().notNull(),
  title: text().notNull(),
  summary: text().notNull(),
  subjectType: text('subject_type').notNull(),
  subjectId: text('subject_id').notNull(),
  evidence: jsonb().notNull(),
  chart: jsonb(),
  recommendation: jsonb(),
  runId: uuid('run_id'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
});

export const adSyncRuns = pgTable('ad_sync_runs', {
  id: uuid().defaultRandom().primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  accountId: uuid('account_id').notNull(),
  since: date().notNull(),
  until: date().notNull(),
  state: text().default('queued').notNull(),
  attempts: integer().default(0).notNull(),
  records: integer(),
  runId: uuid('run_id'),
  error: jsonb(),
  requestedBy: uuid('requested_by'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
  startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
  finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
});

export const insightActions = pgTable('insight_actions', {
  id: uuid().defaultRandom().primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  insightId: uuid('insight_id').notNull(),
  kind: text().notNull(),
  status: text().notNull(),
  target: text().notNull(),
  before: jsonb().notNull(),
  after: jsonb().notNull(),
  appliedBy: uuid('applied_by'),
  appliedAt: timestamp('applied_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
  rolledBackBy: uuid('rolled_back_by'),
  rolledBackAt: timestamp('rolled_back_at', { withTimezone: true, mode: 'date' }),
  operation: text().default('apply').notNull(),
  state: text().default('succeeded').notNull(),
  error: jsonb(),
  attempts: integer().default(0).notNull(),
  recommendation: jsonb(),
  steps: jsonb().default([]).notNull(),
});

export const adDailyMetrics = pgTable(
  'ad_daily_metrics',
  {
    adId: uuid('ad_id').notNull(),
    day: date().notNull(),
    // You can use { mode: "bigint" } if numbers are exceeding js number limitations
    impressions: bigint({ mode: 'number' }).notNull(),
    // You can use { mode: "bigint" } if numbers are exceeding js number limitations
    clicks: bigint({ mode: 'number' }).notNull(),
    // You can use { mode: "bigint" } if numbers are exceeding js number limitations
    spendMinor: bigint('spend_minor', { mode: 'number' }).notNull(),
    conversions: doublePrecision().notNull(),
    // You can use { mode: "bigint" } if numbers are exceeding js number limitations
    revenueMinor: bigint('revenue_minor', { mode: 'number' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.adId, table.day] })],
);

export const modelResults = pgTable(
  'model_results',
  {
    workspaceId: uuid('workspace_id').notNull(),
    model: text().notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    runId: uuid('run_id'),
    result: jsonb().notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.model, table.subjectType, table.subjectId] })],
);

/** Per workspace, the last `INTEL_SCHEDULE` slot (in the workspace's time zone) a model run was requested for. */
export const intelSchedules = pgTable('intel_schedules', {
  workspaceId: uuid('workspace_id').primaryKey(),
  lastSlot: timestamp('last_slot', { withTimezone: true, mode: 'date' }).notNull(),
});

/** The workspace's calendar of known events (days `startsOn`..`endsOn` inclusive, `YYYY-MM-DD`). */
export const intelKnownEvents = pgTable('intel_known_events', {
  id: uuid().defaultRandom().primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  name: text().notNull(),
  startsOn: date('starts_on').notNull(),
  endsOn: date('ends_on').notNull(),
  recursYearly: boolean('recurs_yearly').default(false).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
});
