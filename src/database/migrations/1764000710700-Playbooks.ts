import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention playbooks: definitions (with the installed defaults), runs (including suppressed attempts, so
 * nobody wonders why nothing happened), tasks, churn reasons, RISK_ABOVE condition state, and webhooks
 * with their delivery queue/log.
 */
export class Playbooks1764000710700 implements MigrationInterface {
  name = 'Playbooks1764000710700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE playbooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        description text,
        enabled boolean NOT NULL DEFAULT true,
        segment text,
        trigger_kind text NOT NULL,
        trigger_params jsonb NOT NULL DEFAULT '{}',
        steps jsonb NOT NULL,
        cooldown_days int NOT NULL DEFAULT 30 CHECK (cooldown_days >= 0),
        fallback_user_id uuid REFERENCES users(id),
        installed_key text UNIQUE,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX playbooks_name_key ON playbooks (lower(name))`);
    await q.query(`CREATE INDEX playbooks_trigger_idx ON playbooks (trigger_kind) WHERE enabled`);
    await q.query(`
      CREATE TABLE playbook_runs (
        account_id uuid NOT NULL REFERENCES accounts(id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        playbook_id uuid NOT NULL REFERENCES playbooks(id),
        status text NOT NULL CHECK (status IN ('OPEN','ENDED','SUPPRESSED')),
        suppressed_reason text CHECK (suppressed_reason IN ('ALREADY_RUNNING','COOLDOWN','CONTACT_CAP','DISABLED','SEGMENT_MISMATCH')),
        trigger_kind text NOT NULL,
        trigger_key text,
        note text,
        triggered_by uuid REFERENCES users(id),
        started_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        outcome text CHECK (outcome IN ('SAVED','CHURNED','AT_RISK')),
        outcome_at timestamptz,
        start_score double precision,
        PRIMARY KEY (account_id, id),
        CHECK ((status = 'SUPPRESSED') = (suppressed_reason IS NOT NULL))
      )`);
    // Dedupe in the database: at most one open run per (account, playbook) ...
    await q.query(
      `CREATE UNIQUE INDEX playbook_runs_open_key ON playbook_runs (account_id, playbook_id) WHERE status = 'OPEN'`,
    );
    // ... and one attempt per once-only trigger key (renewal date, churn, creation).
    await q.query(
      `CREATE UNIQUE INDEX playbook_runs_trigger_key ON playbook_runs (account_id, playbook_id, trigger_key) WHERE trigger_key IS NOT NULL`,
    );
    await q.query(`CREATE INDEX playbook_runs_playbook_idx ON playbook_runs (playbook_id, started_at)`);
    await q.query(`CREATE INDEX playbook_runs_started_idx ON playbook_runs (started_at, id)`);
    await q.query(
      `CREATE INDEX playbook_runs_outcome_due_idx ON playbook_runs (started_at) WHERE outcome IS NULL AND status <> 'SUPPRESSED'`,
    );
    await q.query(`
      CREATE TABLE tasks (
        account_id uuid NOT NULL REFERENCES accounts(id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        playbook_run_id uuid,
        step_index int,
        title text NOT NULL,
        description text,
        type text NOT NULL CHECK (type IN ('CALL','EMAIL','MEETING','REVIEW','SURVEY','OTHER')),
        due_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN','DONE','CANCELLED')),
        outcome text CHECK (outcome IN ('DONE','NO_RESPONSE','ESCALATED','NOT_NEEDED')),
        assignee_id uuid NOT NULL REFERENCES users(id),
        assigned_via text NOT NULL DEFAULT 'USER' CHECK (assigned_via IN ('OWNER','USER','FALLBACK','ADMIN')),
        touches_customer boolean NOT NULL DEFAULT false,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        note text,
        PRIMARY KEY (account_id, id),
        FOREIGN KEY (account_id, playbook_run_id) REFERENCES playbook_runs (account_id, id)
      )`);
    await q.query(`CREATE INDEX tasks_assignee_idx ON tasks (assignee_id, status, due_at)`);
    await q.query(`CREATE INDEX tasks_run_idx ON tasks (account_id, playbook_run_id)`);
    await q.query(`CREATE INDEX tasks_due_idx ON tasks (due_at, id)`);
    await q.query(`CREATE INDEX tasks_touch_idx ON tasks (account_id, due_at) WHERE touches_customer`);
    await q.query(`
      CREATE TABLE churn_reasons (
        account_id uuid NOT NULL REFERENCES accounts(id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        reason text NOT NULL CHECK (reason IN ('PRICE','PRODUCT_GAP','SERVICE','COMPETITOR','NO_LONGER_NEEDED','BUDGET','OTHER')),
        detail text,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        recorded_by uuid REFERENCES users(id),
        PRIMARY KEY (account_id, id)
      )`);
    await q.query(`CREATE INDEX churn_reasons_recorded_idx ON churn_reasons (recorded_at)`);
    // RISK_ABOVE fires on crossing the threshold: whether the condition held at the last scoring.
    await q.query(`
      CREATE TABLE playbook_condition_state (
        account_id uuid NOT NULL REFERENCES accounts(id),
        playbook_id uuid NOT NULL REFERENCES playbooks(id),
        holding boolean NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (account_id, playbook_id)
      )`);
    await q.query(`
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url text NOT NULL,
        events text[] NOT NULL,
        secret text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        webhook_id uuid NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
        event text NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING','DELIVERED','FAILED')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_attempt_at timestamptz,
        last_status_code int,
        last_error text,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING'`,
    );
    await q.query(
      `CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries (webhook_id, created_at DESC, id DESC)`,
    );

    const step = (title: string, description: string, type: string, dueInDays: number, touchesCustomer: boolean) => ({
      title,
      description,
      type,
      dueInDays,
      assignee: 'OWNER',
      userId: null,
      touchesCustomer,
    });
    const defaults = [
      {
        key: 'usage-drop-rescue',
        name: 'Usage-drop rescue',
        description: 'Usage fell sharply: call proactively within 2 days to find out why and help.',
        kind: 'FLAG_RAISED',
        params: { flag: 'USAGE_DROP' },
        steps: [
          step('Review the usage drop', 'Look at which features and users dropped before calling.', 'REVIEW', 1, false),
          step(
            'Proactive call about the usage drop',
            'Call within 2 days; understand what changed and offer help.',
            'CALL',
            2,
            true,
          ),
        ],
      },
      {
        key: 'detractor-follow-up',
        name: 'Detractor follow-up',
        description: 'An NPS detractor: call within 2 days, ask for the reason, log the feedback.',
        kind: 'NPS_DETRACTOR',
        params: {},
        steps: [
          step('Call the detractor', 'Call within 2 days and ask for the reason behind the score.', 'CALL', 2, true),
          step(
            'Log the feedback',
            'Record what you heard (recordFeedback) so product and the team see it.',
            'OTHER',
            3,
            false,
          ),
        ],
      },
      {
        key: 'renewal-90',
        name: 'Renewal in 90 days',
        description: 'The renewal is 90 days away: prepare and hold a business review.',
        kind: 'RENEWAL_WITHIN',
        params: { days: 90 },
        steps: [
          step(
            'Prepare the business review',
            'Usage, outcomes, health, open issues, expansion ideas.',
            'REVIEW',
            14,
            false,
          ),
          step(
            'Hold the business review',
            'Meet the sponsor; agree on next steps towards the renewal.',
            'MEETING',
            30,
            true,
          ),
        ],
      },
      {
        key: 'dormant-reactivation',
        name: 'Dormant reactivation',
        description: 'The account went dormant: reach out and re-engage.',
        kind: 'FLAG_RAISED',
        params: { flag: 'DORMANT' },
        steps: [
          step('Re-engagement e-mail', 'Reach out to the main users with something useful for them.', 'EMAIL', 2, true),
        ],
      },
      {
        key: 'onboarding',
        name: 'Onboarding check-ins',
        description: 'New account: check in on days 3, 14 and 30.',
        kind: 'ACCOUNT_CREATED',
        params: {},
        steps: [
          step('Onboarding check-in (day 3)', 'Is setup done? Any blockers?', 'CALL', 3, true),
          step('Onboarding check-in (day 14)', 'First value reached? Who uses it?', 'CALL', 14, true),
          step('Onboarding check-in (day 30)', 'Review adoption and goals for the next quarter.', 'MEETING', 30, true),
        ],
      },
      {
        key: 'exit-survey',
        name: 'Exit survey on churn',
        description: 'The account churned: ask why, do not try to persuade; record the reason (recordChurnReason).',
        kind: 'ACCOUNT_CHURNED',
        params: {},
        steps: [
          step(
            'Exit survey',
            'Ask why they left. Do not try to persuade. Record the reason with recordChurnReason.',
            'SURVEY',
            3,
            true,
          ),
        ],
      },
      {
        key: 'win-back-180',
        name: 'Win-back after 180 days',
        description: 'Churned 180 days ago: check whether the reason still holds and offer a way back.',
        kind: 'CHURNED_FOR',
        params: { days: 180 },
        steps: [
          step(
            'Win-back outreach',
            'Look at the recorded churn reason first; reach out if it no longer holds.',
            'EMAIL',
            5,
            true,
          ),
        ],
      },
    ];
    for (const p of defaults) {
      await q.query(
        `INSERT INTO playbooks (name, description, trigger_kind, trigger_params, steps, installed_key) VALUES ($1, $2, $3, $4, $5, $6)`,
        [p.name, p.description, p.kind, JSON.stringify(p.params), JSON.stringify(p.steps), p.key],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'webhook_deliveries',
      'webhooks',
      'playbook_condition_state',
      'churn_reasons',
      'tasks',
      'playbook_runs',
      'playbooks',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
