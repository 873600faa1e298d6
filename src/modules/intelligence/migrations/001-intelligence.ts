import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * Growth intelligence: orders, imports, ad accounts → campaigns → ad sets → ads with daily metrics,
 * model runs and their stored results, insights with auditable actions. Money is always integer
 * currency minor units (bigint) with an ISO 4217 `currency` beside it.
 * Formerly part of migration 2 of the single list (`legacyVersion`).
 */
export const migration: ModuleMigration = {
  version: 1,
  name: 'intelligence',
  legacyVersion: 2,
  statements: [
    `CREATE TABLE imports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('orders', 'ads')),
      status text NOT NULL CHECK (status IN ('completed', 'failed')),
      file_name text,
      mapping jsonb NOT NULL,
      total_rows integer NOT NULL,
      imported_rows integer NOT NULL,
      duplicate_rows integer NOT NULL DEFAULT 0,
      error_rows integer NOT NULL,
      errors jsonb NOT NULL,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX imports_workspace ON imports (workspace_id, created_at DESC, id DESC)`,
    `CREATE TABLE orders (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      external_order_id text,
      dedupe_key text NOT NULL,
      ordered_on date NOT NULL,
      amount_minor bigint NOT NULL,
      currency text NOT NULL,
      import_id uuid REFERENCES imports(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (workspace_id, dedupe_key)
    )`,
    `CREATE INDEX orders_contact ON orders (contact_id, ordered_on)`,
    `CREATE INDEX orders_workspace ON orders (workspace_id, created_at DESC, id DESC)`,
    `CREATE TABLE ad_accounts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      platform text NOT NULL,
      external_id text NOT NULL,
      name text,
      currency text NOT NULL,
      connector jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (workspace_id, platform, external_id)
    )`,
    `CREATE TABLE ad_campaigns (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      account_id uuid NOT NULL REFERENCES ad_accounts(id) ON DELETE CASCADE,
      external_id text NOT NULL,
      name text,
      daily_budget_minor bigint,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (account_id, external_id)
    )`,
    `CREATE TABLE ad_sets (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      campaign_id uuid NOT NULL REFERENCES ad_campaigns(id) ON DELETE CASCADE,
      external_id text NOT NULL,
      name text,
      UNIQUE (campaign_id, external_id)
    )`,
    `CREATE TABLE ads (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      campaign_id uuid NOT NULL REFERENCES ad_campaigns(id) ON DELETE CASCADE,
      ad_set_id uuid NOT NULL REFERENCES ad_sets(id) ON DELETE CASCADE,
      external_id text NOT NULL,
      name text,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
      UNIQUE (ad_set_id, external_id)
    )`,
    `CREATE INDEX ads_campaign ON ads (campaign_id)`,
    `CREATE TABLE ad_daily_metrics (
      ad_id uuid NOT NULL REFERENCES ads(id) ON DELETE CASCADE,
      day date NOT NULL,
      impressions bigint NOT NULL CHECK (impressions >= 0),
      clicks bigint NOT NULL CHECK (clicks >= 0),
      spend_minor bigint NOT NULL CHECK (spend_minor >= 0),
      conversions double precision NOT NULL CHECK (conversions >= 0),
      revenue_minor bigint NOT NULL CHECK (revenue_minor >= 0),
      PRIMARY KEY (ad_id, day)
    )`,
    `CREATE TABLE model_runs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      models text[] NOT NULL,
      reason text NOT NULL,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed')),
      progress jsonb NOT NULL DEFAULT '{}',
      summary jsonb NOT NULL DEFAULT '{}',
      error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz
    )`,
    `CREATE INDEX model_runs_workspace ON model_runs (workspace_id, created_at DESC, id DESC)`,
    // The latest result of each model for each subject (a contact, ad, campaign, account, workspace).
    `CREATE TABLE model_results (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      model text NOT NULL,
      subject_type text NOT NULL,
      subject_id text NOT NULL,
      run_id uuid REFERENCES model_runs(id) ON DELETE SET NULL,
      result jsonb NOT NULL,
      computed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, model, subject_type, subject_id)
    )`,
    `CREATE TABLE contact_ltv (
      contact_id uuid PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      frequency integer NOT NULL,
      recency_weeks double precision NOT NULL,
      t_weeks double precision NOT NULL,
      p_alive double precision NOT NULL,
      expected_purchases_30 double precision NOT NULL,
      expected_purchases_90 double precision NOT NULL,
      expected_purchases_365 double precision NOT NULL,
      expected_order_value_minor bigint,
      clv_minor bigint,
      currency text NOT NULL,
      run_id uuid REFERENCES model_runs(id) ON DELETE SET NULL,
      computed_at timestamptz NOT NULL DEFAULT now()
    )`,
    // The two sort orders of GET /intelligence/ltv/contacts (expressions as the query writes them).
    `CREATE INDEX contact_ltv_clv ON contact_ltv (workspace_id, (COALESCE(clv_minor, -1)::float8) DESC, contact_id DESC)`,
    `CREATE INDEX contact_ltv_churn ON contact_ltv (workspace_id, (-p_alive) DESC, contact_id DESC)`,
    `CREATE TABLE insights (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('anomaly', 'fatigue', 'churn_risk', 'budget')),
      severity text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
      status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'acknowledged', 'applied', 'dismissed')),
      fingerprint text NOT NULL,
      title text NOT NULL,
      summary text NOT NULL,
      subject_type text NOT NULL,
      subject_id text NOT NULL,
      evidence jsonb NOT NULL,
      chart jsonb,
      recommendation jsonb,
      run_id uuid REFERENCES model_runs(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (workspace_id, fingerprint)
    )`,
    `CREATE INDEX insights_list ON insights (workspace_id, created_at DESC, id DESC)`,
    `CREATE TABLE insight_actions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      insight_id uuid NOT NULL REFERENCES insights(id) ON DELETE CASCADE,
      kind text NOT NULL,
      status text NOT NULL CHECK (status IN ('applied', 'rolled_back')),
      target text NOT NULL CHECK (target IN ('omnify', 'platform', 'recorded')),
      before jsonb NOT NULL,
      after jsonb NOT NULL,
      applied_by uuid,
      applied_at timestamptz NOT NULL DEFAULT now(),
      rolled_back_by uuid,
      rolled_back_at timestamptz
    )`,
    `CREATE INDEX insight_actions_list ON insight_actions (workspace_id, applied_at DESC, id DESC)`,
    // segment_members (contacts) records the action that added a member; contacts migrates before this
    // module, so the foreign key to insight_actions is added here, named as an inline one would be.
    `ALTER TABLE segment_members ADD CONSTRAINT segment_members_added_by_action_fkey
       FOREIGN KEY (added_by_action) REFERENCES insight_actions(id) ON DELETE SET NULL`,
  ],
};
