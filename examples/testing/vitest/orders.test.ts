import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';

describe('orders', () => {
  it('serves its page through the route', async () => {
    const site = inject('site');
    const res = await fetch(`${site.url}/`, { headers: site.headers });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('orders api');
  });

  it('has a database of its own that the tests can use', async () => {
    const db = inject('db');
    const client = new pg.Client({ ...db, user: db.username });
    await client.connect();
    try {
      await client.query('CREATE TABLE IF NOT EXISTS orders (id serial primary key, item text)');
      await client.query("INSERT INTO orders (item) VALUES ('book')");
      const { rows } = await client.query('SELECT item FROM orders');
      expect(rows).toEqual([{ item: 'book' }]);
    } finally {
      await client.end();
    }
  });
});
