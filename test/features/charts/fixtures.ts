import type { DigestChartData } from '../../../src/features/charts/chart';

const days = Array.from({ length: 30 }, (_, i) => new Date(Date.UTC(2022, 3, 26 + i)).toISOString().slice(0, 10));

/** 30 days to 25 May 2022: rates from 1 May, places from 29 April, two targets a few pixels apart. */
export const digestData: DigestChartData = {
  days,
  nationalRate: days.map((_, i) => (i < 5 ? null : 0.8 + i * 0.0017)),
  realised: days.map((_, i) => (i < 3 ? null : 800 + i * 20)),
  nationalLabel: 'Oekraïners (noodopvang gemeenten)',
  groupLabel: 'Oekraïners (GOO)',
  targets: [
    { number: 2000, dueOn: '2022-06-23' },
    { number: 2040, dueOn: '2022-07-31' },
  ],
};

