import type { Sql } from '@pps/platform';
import { ACTIVATION_CHANNEL } from '../activation/rule-activations.repository';

export interface VersionRef {
  version: string;
  contentHash: string;
}

/** A service process's last heartbeat, as it wrote it (`service_instances`). */
export interface InstanceBeat {
  instanceId: string;
  host: string;
  pid: number;
  startedAt: Date;
  beatAt: Date;
  lastHeardAt: Date | null;
  /** The version in force per rule set, as the instance reported it. */
  versions: Record<string, VersionRef>;
  shadows: Record<string, VersionRef>;
  stale: boolean;
  staleReason: string | null;
  /** Seconds since its last heartbeat, by the database's clock. */
  silentForS: number;
}

interface InstanceRow {
  instance_id: string;
  host: string;
  pid: number;
  started_at: Date;
  beat_at: Date;
  last_heard_at: Date | null;
  versions: Record<string, VersionRef>;
  shadows: Record<string, VersionRef>;
  stale: boolean;
  stale_reason: string | null;
  silent_for_s: string;
}

function toBeat(r: InstanceRow): InstanceBeat {
  return {
    instanceId: r.instance_id,
    host: r.host,
    pid: r.pid,
    startedAt: r.started_at,
    beatAt: r.beat_at,
    lastHeardAt: r.last_heard_at,
    versions: r.versions,
    shadows: r.shadows,
    stale: r.stale,
    staleReason: r.stale_reason,
    silentForS: Number(r.silent_for_s),
  };
}

/** `service_instances`: one heartbeat row per running service process, rewritten each second. */
export const serviceInstancesRepository = {
  /** Writes the instance's heartbeat (beat_at: the database's now). */
  async beat(sql: Sql, beat: Omit<InstanceBeat, 'beatAt' | 'silentForS'>): Promise<void> {
    await sql.query(
      `insert into service_instances (instance_id, host, pid, started_at, beat_at, versions, shadows, last_heard_at, stale, stale_reason)
       values (?, ?, ?, ?, now(), ?::jsonb, ?::jsonb, ?, ?, ?)
       on conflict (instance_id) do update set beat_at = now(), versions = excluded.versions, shadows = excluded.shadows,
         last_heard_at = excluded.last_heard_at, stale = excluded.stale, stale_reason = excluded.stale_reason`,
      [
        beat.instanceId,
        beat.host,
        beat.pid,
        beat.startedAt,
        JSON.stringify(beat.versions),
        JSON.stringify(beat.shadows),
        beat.lastHeardAt,
        beat.stale,
        beat.staleReason,
      ],
    );
  },

  /** Pings the activation channel (`ping:<id>`), so that every live LISTEN connection hears something. */
  async ping(sql: Sql, instanceId: string): Promise<void> {
    await sql.query(`select pg_notify(?, ?)`, [ACTIVATION_CHANNEL, `ping:${instanceId}`]);
  },

  async remove(sql: Sql, instanceId: string): Promise<void> {
    await sql.query(`delete from service_instances where instance_id = ?`, [instanceId]);
  },

  /** Every instance that has beaten, oldest first. */
  async list(sql: Sql): Promise<InstanceBeat[]> {
    const rows = await sql.query<InstanceRow>(
      `select instance_id, host, pid, started_at, beat_at, last_heard_at, versions, shadows, stale, stale_reason,
              extract(epoch from now() - beat_at)::text as silent_for_s
       from service_instances order by started_at, instance_id`,
    );
    return rows.map(toBeat);
  },
};
