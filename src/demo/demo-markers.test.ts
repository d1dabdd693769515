import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  findMarkers,
  foreignMarkers,
  markerParty,
  MarkerMint,
} from './demo-markers.ts';

describe('leak markers', () => {
  it('are unique, alphanumeric and valid base64 of whole quanta', () => {
    const mint = new MarkerMint();
    const markers = Array.from({ length: 2000 }, (_, i) =>
      mint.mint(i % 2 === 0 ? 'BRITEN' : 'DCC'),
    );
    assert.equal(new Set(markers).size, markers.length);
    for (const marker of markers) {
      assert.match(marker, /^[A-Za-z0-9]+$/);
      assert.equal(marker.length % 4, 0, marker);
      const bytes = Buffer.from(marker, 'base64');
      assert.equal(bytes.toString('base64'), marker);
    }
    assert.equal(mint.count, 2000);
  });

  it('name the party whose value they stand for', () => {
    const mint = new MarkerMint();
    assert.equal(markerParty(mint.mint('NORGRD')), 'NORGRD');
    assert.equal(markerParty(mint.mint('A1')), 'A1');
    assert.equal(markerParty('BRITEN'), null);
  });

  it('are found in API answers and pages, with their parties', () => {
    const mint = new MarkerMint();
    const own = mint.mint('HEARTH');
    const other = mint.mint('BRITEN');
    const page = `<td>${own}</td><td>{"v":"${other}"}</td>,${own}\n`;
    assert.deepEqual(
      findMarkers(page).map((m) => m.partyId),
      ['HEARTH', 'BRITEN', 'HEARTH'],
    );
    assert.deepEqual(foreignMarkers(page, 'HEARTH'), [
      { marker: other, partyId: 'BRITEN' },
    ]);
  });

  it('refuse a party id that could not be read back', () => {
    assert.throws(() => new MarkerMint().mint('bad-id'), /cannot carry/);
  });
});
