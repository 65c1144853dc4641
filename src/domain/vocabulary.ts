/** The domain's fixed vocabularies, with the Dutch words users see. */

export const TARGET_GROUPS = ['oekrainers', 'cno', 'statushouders', 'medische_evacues', 'gastgezinnen'] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];

export const TARGET_GROUP_LABELS: Record<TargetGroup, string> = {
  oekrainers: 'Oekraïners (GOO)',
  cno: 'Crisisnoodopvang (CNO)',
  statushouders: 'Statushouders',
  medische_evacues: 'Medische evacués',
  gastgezinnen: 'Gastgezinnen (Takecarebnb)',
};

export const STAGES = ['in_overweging', 'in_voorbereiding', 'operationeel', 'gesloten'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Record<Stage, string> = {
  in_overweging: 'in overweging',
  in_voorbereiding: 'in voorbereiding',
  operationeel: 'operationeel',
  gesloten: 'gesloten',
};

export const PIPELINE_STAGES: readonly Stage[] = ['in_overweging', 'in_voorbereiding'];

export const PRIORITIES = ['hoog', 'normaal', 'laag'] as const;
export type Priority = (typeof PRIORITIES)[number];

export type Role = 'admin' | 'editor' | 'viewer';

export const ROLE_LABELS: Record<Role, string> = { admin: 'beheerder', editor: 'bewerker', viewer: 'lezer' };

/** A veiligheidsregio (VR01–VR25): reference data, loaded by the seed. */
export interface Region {
  code: string;
  name: string;
}
