'use strict';
// `missive serve` refuses, at start, settings that would otherwise fail message by message later:
// an --smtp-url that is not SMTP or is malformed, a bad --email-domain or --public-url, and a master key that does not
// open the data directory's secrets. Nothing is listening afterwards.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { spawnSync } = require('node:child_process');
const { describe, it } = require('node:test');

const { MISSIVE_BIN, createKey, createService, makeTempDir } = require('./support');

function serve(dataDir, args, env = {}) {
  return spawnSync(MISSIVE_BIN, ['--data-dir', dataDir, 'serve', '--listen', '127.0.0.1:0', ...args],
    { encoding: 'utf8', timeout: 10000, env: { ...process.env, ...env } });
}

describe('serve start-up checks', () => {
  const refused = [
    [['--smtp-url', 'http://127.0.0.1:25'], '--smtp-url must start with smtp:// or smtps://'],
    [['--smtp-url', 'smtp://:25'], '--smtp-url names no valid host'],
    [['--smtp-url', 'smtp://127.0.0.1:smtp'], '--smtp-url has a port that is not a number'],
    [['--smtp-url', 'smtp://user:secret@127.0.0.1:25'], '--smtp-url must not hold a user name'],
    [['--smtp-url', 'smtp://127.0.0.1:25', '--smtp-ca-file', '/dev/null'],
      '--smtp-ca-file holds no PEM certificate'],
    [['--smtp-ca-file', '/etc/ssl/certs/ca-certificates.crt'], '--smtp-ca-file needs --smtp-url'],
    [['--email-domain', 'bad domain!'], '--email-domain is not a valid domain name'],
    [['--public-url', 'notaurl'], '--public-url must be an http:// or https:// URL'],
    [['--bounce-address', 'nobody'], '--bounce-address is not a valid email address'],
  ];
  for (const [args, message] of refused) {
    it(`refuses ${args.join(' ')}`, () => {
      const result = serve(makeTempDir('startup'), args);
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stderr, new RegExp(message.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
    });
  }

  it('refuses a master key that does not open the stored secrets', () => {
    const dataDir = makeTempDir('startup-key');
    const service = createService(dataDir, { name: 'Key check' });
    createKey(dataDir, service.id);
    const other = crypto.randomBytes(32).toString('base64');
    const result = serve(dataDir, [], { MISSIVE_MASTER_KEY: other });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /master key does not open/);
  });
});
