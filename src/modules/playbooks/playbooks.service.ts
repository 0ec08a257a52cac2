import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppError, isUniqueViolation } from '../../common/errors/app-error';
import { Role } from '../../common/auth/role.enum';
import { FieldProblem, TriggerKind, TriggerSpec, validateTrigger } from '../../core/playbooks';
import { RED_FLAG_TYPES } from '../../core/health/red-flag-rules';
import { rowsOf } from '../../database/query-result';
import { CreatePlaybookInput, PlaybookStepInput, PlaybookTriggerInput, UpdatePlaybookInput } from './playbooks.inputs';
import { PlaybookRow, StepAssignee } from './playbooks.models';
import { mapPlaybook, PLAYBOOK_COLUMNS, UUID_RE } from './playbooks.rows';

const CACHE_MS = 5_000;

/** Playbook definitions: listing, creation and edits (MANAGER/ADMIN), with a short cache for event listeners. */
@Injectable()
export class PlaybooksService {
  private cache: { at: number; rows: PlaybookRow[] } | null = null;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(): Promise<PlaybookRow[]> {
    const rows = await this.db.query(`SELECT ${PLAYBOOK_COLUMNS} FROM playbooks ORDER BY lower(name), id`);
    return rows.map(mapPlaybook);
  }

  async byIds(ids: readonly string[]): Promise<PlaybookRow[]> {
    const valid = ids.filter((id) => UUID_RE.test(id));
    if (!valid.length) return [];
    const rows = await this.db.query(`SELECT ${PLAYBOOK_COLUMNS} FROM playbooks WHERE id = ANY($1::uuid[])`, [valid]);
    return rows.map(mapPlaybook);
  }

  async get(id: string, field = 'id'): Promise<PlaybookRow> {
    const [found] = await this.byIds([id]);
    if (!found) throw AppError.notFound('Playbook', id, field);
    return found;
  }

  /** Enabled playbooks with one of these trigger kinds (cached a few seconds; edits clear the cache). */
  async enabledWith(kinds: readonly TriggerKind[]): Promise<PlaybookRow[]> {
    if (!this.cache || Date.now() - this.cache.at > CACHE_MS) {
      const rows = await this.db.query(
        `SELECT ${PLAYBOOK_COLUMNS} FROM playbooks WHERE enabled ORDER BY created_at, id`,
      );
      this.cache = { at: Date.now(), rows: rows.map(mapPlaybook) };
    }
    return this.cache.rows.filter((p) => kinds.includes(p.trigger.kind));
  }

  async create(actorId: string, input: CreatePlaybookInput): Promise<PlaybookRow> {
    const trigger = this.checkTrigger(input.trigger);
    const out = await this.db.transaction(async (em) => {
      const steps = await this.checkSteps(em, input.steps);
      if (input.fallbackUserId) await this.checkUser(em, input.fallbackUserId, 'fallbackUserId');
      try {
        const rows = await em.query(
          `INSERT INTO playbooks (name, description, enabled, segment, trigger_kind, trigger_params, steps, cooldown_days, fallback_user_id, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${PLAYBOOK_COLUMNS}`,
          [
            input.name.trim(),
            input.description?.trim() || null,
            input.enabled ?? true,
            input.segment?.trim() || null,
            trigger.kind,
            JSON.stringify(paramsOf(trigger)),
            JSON.stringify(steps),
            input.cooldownDays ?? 30,
            input.fallbackUserId ?? null,
            actorId,
          ],
        );
        return mapPlaybook(rows[0]);
      } catch (err) {
        if (isUniqueViolation(err))
          throw AppError.conflict(`A playbook named ${input.name.trim()} already exists`, 'name');
        throw err;
      }
    });
    this.cache = null;
    return out;
  }

  async update(id: string, input: UpdatePlaybookInput): Promise<PlaybookRow> {
    const out = await this.db.transaction(async (em) => {
      const found = UUID_RE.test(id) ? await em.query(`SELECT id FROM playbooks WHERE id = $1 FOR UPDATE`, [id]) : [];
      if (!found.length) throw AppError.notFound('Playbook', id);
      const sets: string[] = [];
      const params: unknown[] = [id];
      const set = (col: string, value: unknown) => {
        params.push(value);
        sets.push(`${col} = $${params.length}`);
      };
      if (input.name != null) set('name', input.name.trim());
      if (input.description !== undefined) set('description', input.description?.trim() || null);
      if (input.segment !== undefined) set('segment', input.segment?.trim() || null);
      if (input.enabled != null) set('enabled', input.enabled);
      if (input.cooldownDays != null) set('cooldown_days', input.cooldownDays);
      if (input.trigger) {
        const trigger = this.checkTrigger(input.trigger);
        set('trigger_kind', trigger.kind);
        set('trigger_params', JSON.stringify(paramsOf(trigger)));
      }
      if (input.steps) set('steps', JSON.stringify(await this.checkSteps(em, input.steps)));
      if (input.fallbackUserId !== undefined) {
        if (input.fallbackUserId) await this.checkUser(em, input.fallbackUserId, 'fallbackUserId');
        set('fallback_user_id', input.fallbackUserId);
      }
      sets.push('updated_at = now()');
      try {
        const rows = await em.query(
          `UPDATE playbooks SET ${sets.join(', ')} WHERE id = $1 RETURNING ${PLAYBOOK_COLUMNS}`,
          params,
        );
        return mapPlaybook(rowsOf(rows)[0]);
      } catch (err) {
        if (isUniqueViolation(err))
          throw AppError.conflict(`A playbook named ${input.name?.trim()} already exists`, 'name');
        throw err;
      }
    });
    this.cache = null;
    return out;
  }

  private checkTrigger(t: PlaybookTriggerInput) {
    const { trigger, problems } = validateTrigger(
      { kind: t.kind, band: t.band, points: t.points, days: t.days, probability: t.probability, flag: t.flag },
      RED_FLAG_TYPES,
    );
    if (problems.length) throw AppError.badInput(problems);
    return trigger;
  }

  private async checkSteps(em: EntityManager, steps: PlaybookStepInput[]) {
    const problems: FieldProblem[] = [];
    const out = steps.map((s, i) => {
      const assignee = s.assignee ?? StepAssignee.OWNER;
      if (assignee === StepAssignee.USER && !s.userId)
        problems.push({ field: `steps[${i}].userId`, message: 'is required when assignee is USER' });
      if (assignee === StepAssignee.OWNER && s.userId)
        problems.push({ field: `steps[${i}].userId`, message: 'only applies when assignee is USER' });
      return {
        title: s.title.trim(),
        description: s.description?.trim() || null,
        type: s.type,
        dueInDays: s.dueInDays,
        assignee,
        userId: assignee === StepAssignee.USER ? s.userId : null,
        touchesCustomer: s.touchesCustomer ?? false,
      };
    });
    if (problems.length) throw AppError.badInput(problems);
    for (let i = 0; i < out.length; i++)
      if (out[i].userId) await this.checkUser(em, out[i].userId!, `steps[${i}].userId`);
    return out;
  }

  /** A user who can hold tasks: exists and is not an ingestion user. */
  private async checkUser(em: EntityManager, userId: string, field: string): Promise<void> {
    const rows = await em.query(`SELECT role FROM users WHERE id = $1`, [userId]);
    if (!rows.length) throw AppError.badInput(field, 'no such user');
    if (rows[0].role === Role.INGEST) throw AppError.badInput(field, 'an INGEST user cannot be assigned tasks');
  }
}

function paramsOf(t: TriggerSpec): Record<string, unknown> {
  const { kind: _kind, ...rest } = t;
  return rest;
}
