// Reads the executions n8n stored in its SQLite database (read-only, while n8n runs or after it stopped).
// This is what n8n shows in its Executions list: one row per run, with the run data of every node.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export function createExecutionReader(n8nBin, userFolder) {
	// n8n stores run data serialized with `flatted`; use n8n's own copy.
	const requireFromN8n = createRequire(n8nBin);
	const flatted = requireFromN8n('flatted');
	const dbPath = join(userFolder, '.n8n/database.sqlite');

	return {
		dbPath,
		/** Executions of one workflow, oldest first: { id, mode, status, startedAt, runData, error }. */
		list(workflowId) {
			if (!existsSync(dbPath)) return [];
			const db = new DatabaseSync(dbPath, { readOnly: true });
			try {
				db.exec('PRAGMA busy_timeout = 5000');
				const rows = db
					.prepare(
						`SELECT e.id AS id, e.mode AS mode, e.status AS status, e.startedAt AS startedAt, d.data AS data
						 FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id
						 WHERE e.workflowId = ? ORDER BY e.id`,
					)
					.all(workflowId);
				return rows.map((row) => ({
					id: Number(row.id),
					mode: row.mode,
					status: row.status,
					startedAt: row.startedAt,
					...decodeRunData(flatted, row.data),
				}));
			} finally {
				db.close();
			}
		},
	};
}

/** n8n's stored execution data (serialized with `flatted`) → { runData, error, lastNodeExecuted }; empty when unreadable. */
export function decodeRunData(flatted, data) {
	let parsed = null;
	try {
		parsed = data ? flatted.parse(data) : null;
	} catch {
		parsed = null;
	}
	return {
		runData: parsed?.resultData?.runData ?? {},
		error: parsed?.resultData?.error ?? null,
		lastNodeExecuted: parsed?.resultData?.lastNodeExecuted ?? null,
	};
}

/** The items (json) a node produced on its first output in one execution's runData. */
export function nodeItems(runData, nodeName) {
	const runs = runData?.[nodeName] ?? [];
	return runs.flatMap((run) => (run?.data?.main?.[0] ?? []).map((item) => item.json));
}
