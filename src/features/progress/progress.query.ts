import type { TargetGroup } from '../../domain/vocabulary';
import { TARGET_GROUP_LABELS } from '../../domain/vocabulary';
import type { Db } from '../../store/database';
import { chartGroup } from '../digest/digest';
import { loadDigest } from '../digest/digest.query';
import type { ProgressChartData } from '../charts/chart';

/**
 * Read model for `/opvang grafiek`: one target group's last 30 days, targets and pace, from the
 * digest's computation (the same series, the same pace window, so chart and digest agree).
 * `group` undefined: the group the digest charts. Undefined result: the region has neither
 * locations nor targets in that group.
 */
export function loadProgress(db: Db, region: string, now: Date, overdueDays: number, group?: TargetGroup): { group: TargetGroup; data: ProgressChartData } | { group: TargetGroup; data?: undefined } {
  const digest = loadDigest(db, region, now, overdueDays);
  const wanted = group ?? chartGroup(digest.stand);
  const progress = digest.groups.find((g) => g.targetGroup === wanted);
  if (!progress) return { group: wanted };
  return {
    group: wanted,
    data: {
      days: digest.days,
      realised: digest.realised[wanted],
      groupLabel: TARGET_GROUP_LABELS[wanted],
      perDay: progress.paceDays > 0 ? progress.growth / progress.paceDays : null,
      paceDays: progress.paceDays,
      targets: progress.targets.map((t) => ({ number: t.number, dueOn: t.dueOn, reached: t.reached })),
    },
  };
}
