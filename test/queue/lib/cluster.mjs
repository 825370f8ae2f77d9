// n8n in queue mode for the suite: one main (`n8n start`: UI, webhooks, triggers; enqueues executions) and workers
// (`n8n worker`: run them), sharing PostgreSQL and Redis. Each instance has its own user folder with the packed
// package installed the way a community install does. The settings a deployment needs are defined once here and
// checked against examples/deploy/ by the suite.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { decodeRunData } from '../../e2e/lib/executions.mjs';
import { freePort, installIntoUserFolder, n8nEnv, startN8n } from '../../e2e/lib/harness.mjs';

/** Queue-mode settings of every instance (main and workers). */
export const SHARED_SETTINGS = {
	EXECUTIONS_MODE: 'queue',
	DB_TYPE: 'postgresdb',
	// n8n 2.x warns that manual executions on the main are deprecated in queue mode; 3.0 always sends them to workers.
	OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	// Unverified community packages: n8n 2.41 warns that this default becomes false (3.0 stops loading them).
	N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
};
/** Worker-only settings: the health endpoint the suite (and an orchestrator) waits for. */
export const WORKER_SETTINGS = { QUEUE_HEALTH_CHECK_ACTIVE: 'true' };
/** n8n's durable scheduler with durable poll cursors (all four are needed; off by default, see n8n's docs). */
export const DURABLE_SETTINGS = {
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true',
	N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
};
/** Settings whose values are the deployment's own (hosts, ports, secrets): the names must be there, values differ. */
export const CONNECTION_NAMES = {
	shared: ['DB_POSTGRESDB_HOST', 'DB_POSTGRESDB_PORT', 'DB_POSTGRESDB_DATABASE', 'DB_POSTGRESDB_USER', 'DB_POSTGRESDB_PASSWORD',
		'QUEUE_BULL_REDIS_HOST', 'QUEUE_BULL_REDIS_PORT', 'N8N_ENCRYPTION_KEY'],
	main: ['N8N_WEBHOOK_URL'],
	worker: [],
};

/** n8n's own copies of `pg` and `flatted` (the suite adds no dependencies). */
export function n8nModules(n8nBin) {
	const req = createRequire(n8nBin);
	return { pg: req('pg'), flatted: req('flatted'), yaml: req('yaml') };
}

/**
 * A queue-mode cluster: `main` and `workers` are started with startMain/startWorker. `durable` switches the durable
 * scheduler on for every instance started afterwards (set it, then restart).
 */
export function createCluster({ n8nBin, work, packageDir, pg, redis, sim, logDir, say = console.log }) {
	const cluster = {
		durable: false,
		main: null,
		workers: new Map(),
	};
	const connection = {
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: pg.database,
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: pg.password,
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
	};
	const userFolders = new Map();
	/** Each instance's own user folder, with the package installed into .n8n/nodes as a community install. */
	function userFolderOf(name) {
		if (!userFolders.has(name)) {
			const folder = join(work, name);
			installIntoUserFolder(folder, packageDir);
			userFolders.set(name, folder);
		}
		return userFolders.get(name);
	}
	/** Environment of one instance (also used for CLI commands, which then talk to the same database). */
	cluster.env = function env(name, { port = 0, extra = {} } = {}) {
		return n8nEnv({
			userFolder: userFolderOf(name),
			port: port || 5678,
			sim,
			extra: { ...SHARED_SETTINGS, ...connection, ...(cluster.durable ? DURABLE_SETTINGS : {}), ...extra },
		});
	};
	cluster.mainPort = null;
	cluster.startMain = async function startMain(label = 'start') {
		cluster.mainPort ??= await freePort();
		// The main only enqueues executions; its debug log (which executions it tracks, poll scheduling) is cheap.
		const env = cluster.env('main', { port: cluster.mainPort, extra: { N8N_RUNNERS_BROKER_PORT: String(await freePort()), N8N_LOG_LEVEL: 'debug' } });
		const logFile = join(logDir, 'main.log');
		say(`main: n8n start (${label}${cluster.durable && !label.includes('durable') ? ', durable scheduler' : ''}) on port ${cluster.mainPort}…`);
		const t = Date.now();
		cluster.main = await startN8n(n8nBin, { env, logFile, timeoutMs: 300_000, progress: (s) => say(`main: starting … ${s} s`) });
		cluster.main.name = 'main';
		say(`main: ready in ${Math.round((Date.now() - t) / 1000)} s`);
		return cluster.main;
	};
	cluster.startWorker = async function startWorker(name, label = 'start') {
		const healthPort = await freePort();
		const env = cluster.env(name, {
			extra: {
				...WORKER_SETTINGS,
				QUEUE_HEALTH_CHECK_PORT: String(healthPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			},
		});
		const logFile = join(logDir, `${name}.log`);
		say(`${name}: n8n worker (${label}${cluster.durable && !label.includes('durable') ? ', durable scheduler' : ''})…`);
		const t = Date.now();
		const worker = await startN8n(n8nBin, {
			env,
			logFile,
			args: ['worker'],
			healthPort,
			timeoutMs: 300_000,
			progress: (s) => say(`${name}: starting … ${s} s`),
		});
		worker.name = name;
		cluster.workers.set(name, worker);
		say(`${name}: ready in ${Math.round((Date.now() - t) / 1000)} s`);
		return worker;
	};
	/** Execution ids each worker reported as started ("Worker started execution N"), over all its runs (its log file). */
	cluster.executionsByWorker = function executionsByWorker() {
		const byWorker = {};
		for (const name of cluster.workers.keys()) {
			const file = join(logDir, `${name}.log`);
			const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
			byWorker[name] = [...new Set([...text.matchAll(/Worker started execution (\d+)/g)].map((m) => Number(m[1])))];
		}
		return byWorker;
	};
	/** Which worker ran an execution (null: none reported it). */
	cluster.workerOf = function workerOf(executionId) {
		for (const [name, ids] of Object.entries(cluster.executionsByWorker())) if (ids.includes(Number(executionId))) return name;
		return null;
	};
	/** Stops a worker (SIGTERM: n8n's graceful shutdown waits for its running executions). */
	cluster.stopWorker = async function stopWorker(name) {
		say(`${name}: stopping (SIGTERM)…`);
		await cluster.workers.get(name).stop();
	};
	return cluster;
}

/** Read-only access to n8n's PostgreSQL database: executions (with run data) and raw queries. */
export function createDatabase({ n8nBin, pg }) {
	const { pg: pgModule, flatted } = n8nModules(n8nBin);
	const pool = new pgModule.Pool({ host: '127.0.0.1', port: pg.port, user: pg.user, password: pg.password, database: pg.database, max: 3 });
	const query = async (sql, params = []) => (await pool.query(sql, params)).rows;
	return {
		query,
		close: () => pool.end(),
		/** Executions of one workflow, oldest first: { id, mode, status, createdAt, startedAt, stoppedAt }. */
		async list(workflowId) {
			const rows = await query(
				`SELECT id, mode, status, "createdAt", "startedAt", "stoppedAt" FROM execution_entity WHERE "workflowId" = $1 ORDER BY id`,
				[workflowId],
			);
			return rows.map((r) => ({ ...r, id: Number(r.id) }));
		},
		/** One execution with its run data decoded: { id, status, runData, error, lastNodeExecuted }. */
		async get(id) {
			const rows = await query(
				`SELECT e.id, e.status, e.mode, e."startedAt", e."stoppedAt", d.data FROM execution_entity e
				 LEFT JOIN execution_data d ON d."executionId" = e.id WHERE e.id = $1`,
				[id],
			);
			if (!rows.length) return null;
			const row = rows[0];
			return { id: Number(row.id), status: row.status, mode: row.mode, startedAt: row.startedAt, stoppedAt: row.stoppedAt, ...decodeRunData(flatted, row.data) };
		},
	};
}
