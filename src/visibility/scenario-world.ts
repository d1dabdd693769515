/**
 * The scenario world of the visibility suites and the CLI tests: reference
 * data with a Change of Supplier, a dual-fuel installation and a SMETS1
 * meter, and traffic from every kind of party. Test support only.
 */
import { loadReferenceTexts } from '../ingest/reference-loader.ts';
import type { Store } from '../store/database.ts';
import { type Exchange, storeExchanges, t } from './scenario-fixtures.ts';

export const ESME1 = '00-DB-12-00-00-00-00-01';
export const GSME1 = '00-DB-12-00-00-00-00-02';
export const CHF1 = '00-DB-12-00-00-00-00-03';
export const PPMID1 = '00-DB-12-00-00-00-00-04';
export const ESME2 = '00-DB-12-00-00-00-00-05';
export const MPAN1 = '1200000000001';
export const MPRN1 = '7000001';
export const MPAN2 = '1200000000002';

export const USERS = {
  ELEC01: '90-B3-D5-1F-30-01-00-01',
  ELEC02: '90-B3-D5-1F-30-01-00-02',
  GAS01: '90-B3-D5-1F-30-01-00-03',
  DNO01: '90-B3-D5-1F-30-02-00-01',
  DNO02: '90-B3-D5-1F-30-02-00-02',
  DNO03: '90-B3-D5-1F-30-02-00-03',
  GT01: '90-B3-D5-1F-30-02-00-04',
  OU01: '90-B3-D5-1F-30-03-00-01',
  EXP01: '90-B3-D5-1F-30-03-00-02',
  EV01: '90-B3-D5-1F-30-03-00-03',
} as const;

export const ROLES: Record<keyof typeof USERS, string> = {
  ELEC01: 'IS',
  ELEC02: 'IS',
  GAS01: 'GS',
  DNO01: 'ED',
  DNO02: 'ED',
  DNO03: 'ED',
  GT01: 'GT',
  OU01: 'OU',
  EXP01: 'ES',
  EV01: 'EV',
};

/** The reference world: a Change of Supplier on MPAN1 on 1 June 2024,
 * a dual-fuel installation (ESME1, GSME1, CHF1, PPMID1), and a SMETS1
 * meter without credential data (ESME2). */
export const REFERENCE = [
  {
    name: 'roles.csv',
    text: 'code,name,kind\nEV,EV Charge Point Operator,other\n',
  },
  {
    name: 'parties.csv',
    text:
      'party_id,name\n' +
      Object.keys(USERS)
        .map((p) => `${p},${p} Ltd`)
        .join('\n') +
      '\nNOBODY,Unrelated Ltd\n',
  },
  {
    name: 'users.csv',
    text:
      'user_id,party_id,role\n' +
      Object.entries(USERS)
        .map(([p, u]) => `${u},${p},${ROLES[p as keyof typeof USERS]}`)
        .join('\n') +
      '\n',
  },
  {
    name: 'devices.csv',
    text:
      'device_id,device_type,smets\n' +
      `${ESME1},ESME,2\n${GSME1},GSME,2\n${CHF1},CHF,2\n` +
      `${PPMID1},PPMID,2\n${ESME2},ESME,1\n`,
  },
  {
    name: 'meter-points.csv',
    text:
      'device_id,mpxn,from,to\n' +
      `${ESME1},${MPAN1},2024-01-01T00:00:00Z,\n` +
      `${GSME1},${MPRN1},2024-01-01T00:00:00Z,\n` +
      `${ESME2},${MPAN2},2024-01-01T00:00:00Z,\n`,
  },
  {
    name: 'han-links.csv',
    text:
      'device_id,meter_id,from,to\n' +
      `${CHF1},${ESME1},2024-01-01T00:00:00Z,\n` +
      `${CHF1},${GSME1},2024-01-01T00:00:00Z,\n` +
      `${PPMID1},${ESME1},2024-01-01T00:00:00Z,\n`,
  },
  {
    name: 'registrations.csv',
    text:
      'mpxn,role,party_id,from,to\n' +
      `${MPAN1},IS,ELEC01,2024-01-01T00:00:00Z,2024-06-01T00:00:00Z\n` +
      `${MPAN1},IS,ELEC02,2024-06-01T00:00:00Z,\n` +
      `${MPAN1},ED,DNO03,2024-01-01T00:00:00Z,\n` +
      `${MPAN1},ES,EXP01,2024-01-01T00:00:00Z,\n` +
      `${MPRN1},GS,GAS01,2024-01-01T00:00:00Z,\n` +
      `${MPRN1},GT,GT01,2024-01-01T00:00:00Z,\n` +
      `${MPAN2},IS,ELEC01,2024-01-01T00:00:00Z,\n` +
      `${MPAN2},ED,DNO02,2024-01-01T00:00:00Z,\n`,
  },
  {
    name: 'credentials.csv',
    text:
      'device_id,anchor,party_id,from,to\n' +
      `${ESME1},network-operator,DNO01,2024-01-01T00:00:00Z,\n` +
      `${ESME1},supplier,ELEC01,2024-01-01T00:00:00Z,2024-06-02T00:00:00Z\n` +
      `${ESME1},supplier,ELEC02,2024-06-02T00:00:00Z,\n`,
  },
];

export function x(
  party: keyof typeof USERS,
  to: string,
  counter: number,
  at: string,
  more: Partial<Exchange> = {},
): Exchange {
  return {
    user: USERS[party],
    device: to,
    counter,
    srv: '11.2',
    at: t(at),
    ...more,
  };
}

export const TARIFF = x('ELEC01', ESME1, 1, '2024-03-01T10:00:00Z', {
  srv: '1.1.1',
  critical: true,
});
export const PENDING_TARIFF = x('ELEC01', ESME1, 2, '2024-05-20T10:00:00Z', {
  srv: '1.1.1',
  critical: true,
  executionAt: t('2024-07-01T00:00:00Z'),
});
export const EXECUTED_TARIFF = x('ELEC01', ESME1, 3, '2024-05-21T10:00:00Z', {
  srv: '1.1.1',
  critical: true,
  executionAt: t('2024-05-25T00:00:00Z'),
  executed: { actioned: true, at: t('2024-05-25T00:00:05Z') },
});
export const GAINING_READ = x('ELEC02', ESME1, 4, '2024-06-10T10:00:00Z');
export const NO_READ = x('DNO01', ESME1, 5, '2024-04-01T10:00:00Z');
export const OU_READ = x('OU01', ESME1, 6, '2024-04-02T10:00:00Z');
export const ES_READ = x('EXP01', ESME1, 7, '2024-04-03T10:00:00Z');
export const EV_READ = x('EV01', ESME1, 8, '2024-04-04T10:00:00Z');
export const GAS_READ = x('GAS01', GSME1, 9, '2024-04-05T10:00:00Z');
export const GAS_CHF = x('GAS01', CHF1, 10, '2024-04-06T10:00:00Z');
export const ELEC_CHF = x('ELEC01', CHF1, 11, '2024-04-07T10:00:00Z');
export const ELEC_PPMID = x('ELEC01', PPMID1, 12, '2024-04-08T10:00:00Z');
export const SMETS1_READ = x('ELEC01', ESME2, 13, '2024-04-09T10:00:00Z');
export const REJECTED = x('OU01', ESME1, 14, '2024-04-10T10:00:00Z', {
  answer: 'E4',
});

export const TRAFFIC = [
  TARIFF,
  PENDING_TARIFF,
  EXECUTED_TARIFF,
  GAINING_READ,
  NO_READ,
  OU_READ,
  ES_READ,
  EV_READ,
  GAS_READ,
  GAS_CHF,
  ELEC_CHF,
  ELEC_PPMID,
  SMETS1_READ,
  REJECTED,
];

export const NOW = t('2024-06-15T12:00:00Z');

/** Loads the world's reference data and traffic into a store. */
export async function buildScenarioWorld(store: Store): Promise<void> {
  const summary = await loadReferenceTexts(store, REFERENCE);
  if (summary.quarantined > 0) {
    throw new Error(`the scenario world has ${summary.quarantined} bad rows`);
  }
  await storeExchanges(store, TRAFFIC);
}
