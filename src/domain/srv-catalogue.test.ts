import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { allSrvs, findSrv, findSrvByBodyElement } from './srv-catalogue.ts';

describe('the SRV catalogue', () => {
  it('holds all 129 SRVs of DUIS 5.4, 37 of them critical', () => {
    const srvs = allSrvs();
    assert.equal(srvs.length, 129);
    assert.equal(srvs.filter((s) => s.critical).length, 37);
  });

  it('offers critical SRVs only through the CV 4 transform', () => {
    for (const srv of allSrvs().filter((s) => s.critical)) {
      assert.ok(srv.commandVariants.includes(4), srv.srv);
    }
  });

  it('finds 1.1.1 by number and by body element', () => {
    const tariff = findSrv('1.1.1');
    assert.equal(tariff?.name, 'Update Import Tariff (Primary Element)');
    assert.deepEqual(tariff?.roles, ['IS', 'GS']);
    assert.equal(
      findSrvByBodyElement('UpdateImportTariffPrimaryElement'),
      tariff,
    );
  });

  it('answers undefined for an SRV DUIS does not define', () => {
    assert.equal(findSrv('99.9'), undefined);
  });
});
