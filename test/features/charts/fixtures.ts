import type { DigestChartData } from '../../../src/features/charts/chart';

const days = Array.from({ length: 30 }, (_, i) => new Date(Date.UTC(2022, 3, 26 + i)).toISOString().slice(0, 10));

/**
 * 30 days to 25 May 2022: rates from 1 May; three target groups of very different sizes:
 * Oekraïners from 29 April with two targets a few pixels apart, CNO growing towards an undated
 * target of 100, statushouders with places but no target.
 */
export const digestData: DigestChartData = {
  days,
  nationalRate: days.map((_, i) => (i < 5 ? null : 0.8 + i * 0.0017)),
  nationalLabel: 'Oekraïners (noodopvang gemeenten)',
  groups: [
    {
      group: 'oekrainers',
      label: 'Oekraïners (GOO)',
      realised: days.map((_, i) => (i < 3 ? null : 800 + i * 20)),
      targets: [
        { number: 2000, dueOn: '2022-06-23' },
        { number: 2040, dueOn: '2022-07-31' },
      ],
    },
    { group: 'cno', label: 'Crisisnoodopvang (CNO)', realised: days.map((_, i) => (i < 3 ? null : 20 + i * 2)), targets: [{ number: 100, dueOn: null }] },
    { group: 'statushouders', label: 'Statushouders', realised: days.map((_, i) => (i < 3 ? null : 40)), targets: [] },
  ],
};
