/** Shared set-up for the receiver tests: a group with attributes, a form, and request-log helpers. */
import type { Simulator } from '../../../../simulator/index.ts';

export interface Seed {
	groupId: string;
	otherGroupId: string;
	formId: string;
}

/** Two groups; global attributes firstname (text), points (number), birthday (date), gender (gender); group attribute plan (text). */
export function seedAccount(sim: Simulator): Seed {
	const group = sim.model.createGroup({ name: 'Newsletter' });
	const other = sim.model.createGroup({ name: 'Customers' });
	sim.model.createAttribute({ name: 'firstname', type: 'text' });
	sim.model.createAttribute({ name: 'points', type: 'number' });
	sim.model.createAttribute({ name: 'birthday', type: 'date' });
	sim.model.createAttribute({ name: 'gender', type: 'gender' });
	sim.model.createAttribute({ name: 'plan', type: 'text' }, group.id);
	const form = sim.model.createForm(group.id, 'default', { name: 'Signup' }) as { id: string };
	return { groupId: group.id, otherGroupId: other.id, formId: form.id };
}

/** API calls the node made (the token endpoint excluded). */
export function apiCalls(sim: Simulator, method?: string, path?: RegExp) {
	return sim.log
		.filter((e) => e.path.startsWith('/v3/'))
		.filter((e) => !method || e.method === method)
		.filter((e) => !path || path.test(e.path))
		.map((e) => ({ method: e.method, path: e.path, query: e.query, body: e.body, status: e.status }));
}

export const UPSERT_PATH = /^\/v3\/groups\/\d+\/receivers\/upsertplus$/;

/** The receiver row as stored by the simulator (all details). */
export function stored(sim: Simulator, groupId: string, email: string) {
	try {
		return sim.model.getReceiver(groupId, email);
	} catch {
		return undefined;
	}
}
