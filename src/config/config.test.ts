import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { loadConfig } from './config.ts';

describe('the configuration', () => {
  it('takes flags before variables, and variables before defaults', () => {
    const config = loadConfig(
      { port: '9001' },
      { SATVIEW_PORT: '9002', SATVIEW_HOST: '0.0.0.0' },
    );
    assert.equal(config.port, 9001);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.batchSize, 20000);
    assert.ok(Object.isFrozen(config));
  });

  it('reports every invalid setting at once', () => {
    assert.throws(
      () =>
        loadConfig(
          {},
          {
            SATVIEW_PORT: 'eighty',
            SATVIEW_LOG_LEVEL: 'loud',
            SATVIEW_TRUST_PROXY: '10.0.0.1, 10.0.0.0/33',
          },
        ),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'SV_CONFIG_INVALID');
        assert.match(error.message, /port 'eighty'/);
        assert.match(error.message, /logLevel 'loud'/);
        assert.match(error.message, /trustProxy '10\.0\.0\.0\/33'/);
        return true;
      },
    );
  });

  it('trusts no proxy unless told', () => {
    assert.deepEqual(loadConfig({}, {}).trustProxy, []);
  });

  it('takes proxies as addresses, CIDR ranges and range names', () => {
    const config = loadConfig(
      { trustProxy: ' 10.1.2.3 ,192.168.0.0/16,::1, fd00::/8,loopback' },
      {},
    );
    assert.deepEqual(config.trustProxy, [
      '10.1.2.3',
      '192.168.0.0/16',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
    assert.ok(Object.isFrozen(config.trustProxy));
  });

  it('refuses to trust every sender, which would let a client name its own address', () => {
    const everyone = ['true', '*', '0.0.0.0/0', '::/0', '10.0.0.0/8x'];
    for (const value of [...everyone, 'proxy.example']) {
      assert.throws(
        () => loadConfig({ trustProxy: value }, {}),
        /trustProxy .* is not an address, a CIDR range/,
        value,
      );
    }
  });
});
