import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { withheldReason } from './withheld-reason.ts';

describe('withheld markers in a payload', () => {
  it('are objects with a single withheld reason', () => {
    assert.equal(withheldReason({ withheld: 'confidential' }), 'confidential');
  });

  it('are not ordinary values that merely contain the word', () => {
    assert.equal(withheldReason({ withheld: 'x', price: '12' }), null);
    assert.equal(withheldReason({ withheld: 3 }), null);
    assert.equal(withheldReason(['withheld']), null);
    assert.equal(withheldReason('withheld'), null);
    assert.equal(withheldReason(null), null);
  });
});
