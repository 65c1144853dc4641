import { configOrExit } from '../config';
import { openDatabaseOrExit } from './open-database';
import { seedBaseline } from '../seed/seed';
import { seedNationalScale } from '../seed/synthetic';

/** npm run seed: loads the 2022 baseline into DATABASE_PATH (idempotent). */
const config = configOrExit();
const db = openDatabaseOrExit(config.databasePath);
if (process.argv.includes('--national-scale')) {
  const started = performance.now();
  const synthetic = seedNationalScale(db);
  console.log(
    `SYNTHETISCHE dataset toegevoegd (${Math.round(performance.now() - started)} ms): ${synthetic.municipalities} gemeenten, ` +
      `${synthetic.locations} locaties, ${synthetic.historyRows} historieregels, ${synthetic.noodknopRequests} noodknop-oproepen, ` +
      `${synthetic.dutyPeriods} roosterperiodes, ${synthetic.shifts} diensten.`,
  );
}
const report = seedBaseline(db);
db.close();
console.log(
  `Basisgegevens 2022 geladen in ${config.databasePath}: ${report.targets} doelen, ${report.nationalFigures} landelijke cijfers, ` +
    `${report.locations} locaties, ${report.dutyPeriods} roosterperiodes nieuw (bestaande gegevens ongewijzigd).`,
);
