// `score-compose up` with a postgres resource, driven through the CLI as a user would: the
// workload's container queries the database with the outputs injected into its variables.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeE2E } from '../helpers/docker-env.js';
import { ensureImages, leftovers, ok, StackProjects } from '../helpers/stack-project.js';
import { parsePsJson } from '../helpers/stack-project.js';

const PG = 'mirror.gcr.io/postgres:17-alpine';

// The query result goes to the log and to a file the readiness probe checks, so `up` itself
// waits until the query has succeeded. `trap` lets sh (PID 1) stop at once on `down`.
const SCORE = `apiVersion: score.dev/v1b1
metadata:
  name: app
containers:
  main:
    image: ${PG}
    command: ["sh", "-c"]
    args:
      - "psql -v ON_ERROR_STOP=1 -tAc 'select 40+2 as answer, current_user, current_database()' > /tmp/answer && cat /tmp/answer && touch /tmp/done; trap 'exit 0' TERM; sleep 3600 & wait"
    variables:
      PGHOST: \${resources.db.host}
      PGPORT: \${resources.db.port}
      PGUSER: \${resources.db.username}
      PGPASSWORD: \${resources.db.password}
      PGDATABASE: \${resources.db.database}
    readinessProbe:
      exec:
        command: ["test", "-f", "/tmp/done"]
resources:
  db:
    type: postgres
`;

describeE2E('score-compose up: postgres resource (CLI, real engine)', () => {
  const projects = new StackProjects();

  beforeAll(() => ensureImages([PG, 'alpine:latest']), 900_000);
  afterAll(() => projects.cleanup());

  it('runs a real query from the workload with the injected outputs, then down -v removes everything', async () => {
    const p = await projects.create('pg', { 'score.yaml': SCORE });
    const up = ok(await p.run(['up', 'score.yaml', '--wait-timeout', '90']), 'up');
    expect(up.stderr).toContain(`Project '${p.name}' is up`);

    const outputs = JSON.parse(
      ok(await p.run(['resources', 'get-outputs', 'postgres.default#app.db', '-f', 'json']), 'get-outputs').stdout,
    ) as Record<string, unknown>;
    expect(outputs).toMatchObject({ port: 5432 });
    const { username, database } = outputs;
    expect(typeof username).toBe('string');
    expect(typeof database).toBe('string');

    const ps = parsePsJson(ok(await p.run(['ps', '--format', 'json']), 'ps').stdout);
    expect(ps.find((r) => r.Service === 'app-main')).toMatchObject({ State: 'running', Health: 'healthy' });

    // The workload ran as the provisioned user in the provisioned database, not as postgres.
    const logs = ok(await p.run(['logs', 'app-main', '--no-color']), 'logs').stdout;
    expect(logs).toContain(`42|${String(username)}|${String(database)}`);

    ok(await p.run(['down', '-v']), 'down -v');
    expect(leftovers(p.name)).toEqual({ containers: [], networks: [], volumes: [] });
  }, 150_000);

  it('a workload added later gets its own database on the next up (the init job runs again)', async () => {
    const p = await projects.create('pg2', {
      'score.yaml': SCORE,
      'two.yaml': SCORE.replace('name: app', 'name: two'),
    });
    ok(await p.run(['up', 'score.yaml', '--wait-timeout', '90']), 'first up');
    // The second workload's readiness probe only passes once its query in its own database worked.
    ok(await p.run(['up', 'two.yaml', '--wait-timeout', '90']), 'second up');
    const outputs = JSON.parse(
      ok(await p.run(['resources', 'get-outputs', 'postgres.default#two.db']), 'get-outputs').stdout,
    ) as Record<string, unknown>;
    const logs = ok(await p.run(['logs', 'two-main', '--no-color']), 'logs').stdout;
    expect(logs).toContain(`42|${String(outputs.username)}|${String(outputs.database)}`);
    ok(await p.run(['down', '-v']), 'down -v');
    expect(leftovers(p.name)).toEqual({ containers: [], networks: [], volumes: [] });
  }, 200_000);
});
