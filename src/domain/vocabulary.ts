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

/**
 * Who national figures count (the landelijk form's "Doelgroep"): Ukrainians in the municipalities'
 * emergency reception, or asylum seekers in COA's reception. Two populations, never compared.
 */
export const NATIONAL_POPULATIONS = ['oekrainers_gemeenten', 'asielzoekers_coa'] as const;
export type NationalPopulation = (typeof NATIONAL_POPULATIONS)[number];

export const NATIONAL_POPULATION_LABELS: Record<NationalPopulation, string> = {
  oekrainers_gemeenten: 'Oekraïners (noodopvang gemeenten)',
  asielzoekers_coa: 'Asielzoekers (COA)',
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

/**
 * The 14-day rule of crisisnoodopvang (CNO): a group moves on to a lasting reception location
 * after this many days (when the CNO phase does not say otherwise).
 */
export const DEFAULT_MAX_STAY_DAYS = 14;
/**
 * The one notice point of that rule: this many days before the end (day 12 of 14), a group
 * without an outflow destination is named in the stand, the Home tab, the digest and the
 * warning alike.
 */
export const OUTFLOW_NOTICE_DAYS = 2;

/** A veiligheidsregio (VR01–VR25): reference data, loaded by the seed. */
export interface Region {
  code: string;
  name: string;
}
