import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { asArray, cleverReachApiRequest } from '../../shared/transport';

/**
 * Tags used in the account, for tag dropdowns. CleverReach lists a tag's origin and name separately
 * (`{origin: "Shop", tag: "VIP"}`); the tag a receiver carries, and the value written back, is `origin.tag`.
 */
export async function getTags(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const rows = asArray(
		await cleverReachApiRequest.call(this, 'GET', '/tags.json', { qs: { group_id: 0, limit: 5000, page: 0 } }),
	);
	const tags = new Map<string, number | undefined>();
	for (const row of rows as unknown[]) {
		if (typeof row === 'string') {
			if (row) tags.set(row, undefined);
			continue;
		}
		const { origin, tag, count } = (row ?? {}) as { origin?: unknown; tag?: unknown; count?: unknown };
		const name = String(tag ?? '').trim();
		if (!name) continue;
		const full = origin ? `${String(origin)}.${name}` : name;
		tags.set(full, count === undefined ? undefined : Number(count));
	}
	return [...tags.entries()]
		.sort(([a], [b]) => a.localeCompare(b, undefined, { sensitivity: 'base' }))
		.map(([tag, count]) => ({
			name: tag,
			value: tag,
			...(count !== undefined ? { description: `${count} receiver${count === 1 ? '' : 's'}` } : {}),
		}));
}
