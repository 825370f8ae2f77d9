/** Seeding helpers shared by the mailing and report tests. */
import type { Simulator } from '../../../../simulator/index.ts';

export const HTML = '<html><body><h1>Spring sale</h1><a href="https://shop.example.com/sale">Shop now</a></body></html>';

/** A group with active receivers. */
export function seedGroup(sim: Simulator, name = 'Main list', emails = ['anna@example.com', 'ben@example.com']) {
	const group = sim.model.createGroup({ name });
	for (const email of emails) sim.model.addReceiver(group.id, { email });
	return group;
}

/** A draft mailing created directly in the model (not through the node). */
export function seedDraft(sim: Simulator, groupId: string, overrides: Record<string, unknown> = {}): string {
	const m = sim.model.createMailing({
		name: 'Seeded draft',
		subject: 'Seeded subject',
		sender_name: 'Shop',
		sender_email: 'news@shop.example.com',
		content: { type: 'html', html: HTML },
		receivers: { groups: [groupId] },
		...overrides,
	});
	return String(m.id);
}

/** Requests the node sent to the API (token calls excluded). */
export function apiCalls(sim: Simulator, method?: string) {
	return sim.log.filter((e) => e.path.startsWith('/v3/') && (!method || e.method === method));
}
