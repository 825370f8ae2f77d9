/** Sent mailings with recipient activity, for the report tests. */
import type { Simulator } from '../../../../simulator/index.ts';
import { seedDraft, seedGroup } from '../mailing/fixtures.ts';

export { apiCalls } from '../mailing/fixtures.ts';

export const EMAILS = ['anna@example.com', 'ben@example.com', 'carl@example.com', 'dora@example.com'];

/** A finished mailing to four receivers: anna opens and clicks the first link, ben opens, dora bounces. */
export function seedSentMailing(sim: Simulator, name = 'Spring sale') {
	const group = seedGroup(sim, 'Main', EMAILS);
	const id = seedDraft(sim, group.id, {
		name,
		content: {
			type: 'html',
			html: '<a href="https://shop.example.com/sale">Sale</a> <a href="https://shop.example.com/new">New</a>',
		},
	});
	sim.model.finishMailing(id);
	const links = sim.model.reports.get(id)!.links;
	sim.clock.advance(100);
	sim.model.openMailing(id, 'ben@example.com');
	sim.clock.advance(100);
	sim.model.clickMailing(id, 'anna@example.com', links[0].id);
	sim.model.bounceMailing(id, 'dora@example.com');
	return { group, id, links };
}
