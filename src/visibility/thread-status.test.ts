import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { EXPIRY_MS, threadStatus, type ThreadRecord } from './thread-status.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2024, 5, 15);

function record(fields: Partial<ThreadRecord>): ThreadRecord {
  return {
    kind: 'response',
    srv: '1.1.1',
    responseId: null,
    responseCode: null,
    alertCode: null,
    executionAt: null,
    payloadElement: null,
    ...fields,
  };
}

const request = (executionAt: number | null = null) =>
  record({ kind: 'request', executionAt });
const ack = record({ kind: 'acknowledgement', responseCode: 'I99' });
const deviceOk = record({ responseId: 'x', responseCode: 'I0' });
const alert = (code: string) =>
  record({
    kind: 'device-alert',
    responseId: 'x',
    responseCode: 'I0',
    alertCode: code,
  });

describe('the status of a Request thread', () => {
  it('is unanswered while only the request is logged', () => {
    assert.equal(threadStatus([request()], NOW), 'unanswered');
  });

  it('is accepted after the I99 acknowledgement alone', () => {
    assert.equal(threadStatus([request(), ack], NOW), 'accepted');
  });

  it('is completed by an I0 device response', () => {
    assert.equal(threadStatus([request(), ack, deviceOk], NOW), 'completed');
  });

  it('is not completed by the PreCommand of a CV 4 transform', () => {
    const transform = record({
      responseCode: 'I0',
      payloadElement: 'PreCommand',
    });
    assert.equal(threadStatus([request(), transform], NOW), 'unanswered');
  });

  it('is rejected by an E code from the DCC (no Response ID)', () => {
    const e4 = record({ responseCode: 'E4' });
    assert.equal(threadStatus([request(), e4], NOW), 'rejected');
  });

  it('has failed on an E code from the device, or on 8F67', () => {
    const e = record({ responseId: 'x', responseCode: 'E21' });
    assert.equal(threadStatus([request(), ack, e], NOW), 'failed');
    const future = request(NOW - DAY);
    assert.equal(
      threadStatus([future, ack, deviceOk, alert('8F67')], NOW),
      'failed',
    );
  });

  it('is pending execution while the execution time is ahead', () => {
    assert.equal(threadStatus([request(NOW + DAY)], NOW), 'pending-execution');
    assert.equal(
      threadStatus([request(NOW + DAY), ack, deviceOk], NOW),
      'pending-execution',
    );
  });

  it('stays pending after its execution time until the alert, for 30 days', () => {
    const thread = [request(NOW - DAY), ack, deviceOk];
    assert.equal(threadStatus(thread, NOW), 'pending-execution');
    assert.equal(threadStatus(thread, NOW - DAY + EXPIRY_MS + 1), 'expired');
  });

  it('is completed by the 8F66 execution alert, not by the device I0', () => {
    const thread = [request(NOW - DAY), ack, deviceOk, alert('8F66')];
    assert.equal(threadStatus(thread, NOW), 'completed');
  });

  it('completes a request held by the DCC with its I0 response', () => {
    const held = record({
      kind: 'request',
      srv: '4.1.1',
      executionAt: NOW - DAY,
    });
    const result = record({
      srv: '4.1.1',
      responseId: 'x',
      responseCode: 'I0',
    });
    assert.equal(threadStatus([held, result], NOW), 'completed');
  });
});
