// The same checks with Node's own test runner: `node --test`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startEnvironment } from 'score-compose-ts';

describe('orders', () => {
  let env;
  before(
    async () => {
      env = await startEnvironment({
        files: ['score.yaml'],
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        waitFor: { 'orders-web': { http: { path: '/' } } },
      });
    },
    { timeout: 180_000 },
  );
  after(() => env?.down());

  it('serves its page through the route, without resolving *.localhost', async () => {
    const { host } = env.outputs('dns');
    const res = await env.fetch(`http://${host}/`);
    assert.equal(res.status, 200);
    assert.match(res.body, /orders api, database /);
  });

  it('answers a query with the outputs as the test process must use them', async () => {
    const db = env.outputs('db');
    const { host, port, username: user, password, database } = db;
    const client = new pg.Client({ host, port, user, password, database });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT current_database() AS name');
      assert.equal(rows[0].name, db.database);
    } finally {
      await client.end();
    }
  });

  it('runs a command in the container and reads its log', async () => {
    const { exitCode, stdout } = await env.exec('orders-web', ['cat', '/www/index.html']);
    assert.equal(exitCode, 0);
    assert.match(stdout, /orders api/);
    assert.match(await env.logs('orders-web'), /listening/);
  });
});
