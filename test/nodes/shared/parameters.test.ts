/**
 * The one date parser (nodes/shared/parameters.ts), through a real node run: every date parameter reads the same
 * input the same way, in the workflow's time zone (the test process runs in Asia/Tokyo).
 */
import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../harness/simulator';

const utc = (iso: string) => Date.parse(iso) / 1000;

describe('dates (readDate)', () => {
	const cr = useSimulator({ realism: { clientTimestamps: true } });

	/** Registered as CleverReach stored it, for `value` in the workflow time zone `timezone`. */
	async function registered(value: unknown, timezone = 'America/New_York') {
		const group = cr.sim.model.createGroup('G').id;
		const { error } = await cr.run(
			{ resource: 'receiver', operation: 'upsert', groupId: rl(group), email: 'a@example.com', additionalFields: { registered: '={{ $json.at }}' } },
			[{ at: value } as IDataObject],
			{ timezone },
		);
		if (error) return error.message;
		return cr.sim.model.getReceiver(group, 'a@example.com').registered;
	}

	/** Input | workflow time zone | the instant CleverReach must store. */
	const READ = `
		2030-05-01T09:00:00         | America/New_York | 2030-05-01T13:00:00Z
		2030-05-01 09:00            | America/New_York | 2030-05-01T13:00:00Z
		2030-05-01                  | America/New_York | 2030-05-01T04:00:00Z
		2030-01-15T09:00:00         | America/New_York | 2030-01-15T14:00:00Z
		2030-05-01T09:00:00         | Europe/Berlin    | 2030-05-01T07:00:00Z
		2030-05-01T09:00:00         | UTC              | 2030-05-01T09:00:00Z
		2030-05-01T09:00:00.750Z    | Europe/Berlin    | 2030-05-01T09:00:00Z
		2030-05-01T09:00:00+0200    | America/New_York | 2030-05-01T07:00:00Z
		2030-05-01T09:00:00-05:30   | Asia/Tokyo       | 2030-05-01T14:30:00Z
		Wed, 01 May 2030 09:00:00 GMT | America/New_York | 2030-05-01T09:00:00Z
		1903870800                  | America/New_York | 2030-05-01T13:00:00Z
		1903870800000               | America/New_York | 2030-05-01T13:00:00Z
		1903870800.9                | America/New_York | 2030-05-01T13:00:00Z`
		.trim()
		.split('\n')
		.map((line) => line.split('|').map((part) => part.trim()));

	it.each(READ)('%s in %s is %s', async (value, timezone, expected) => {
		expect(await registered(value, timezone)).toBe(utc(expected));
	});

	it('numbers from expressions', async () => {
		expect(await registered(1_903_870_800)).toBe(utc('2030-05-01T13:00:00Z'));
		expect(await registered(1_903_870_800_000)).toBe(utc('2030-05-01T13:00:00Z'));
	});

	it.each([
		['05/06/2030', /^Registered "05\/06\/2030" is ambiguous \(day and month cannot be told apart\): write it as YYYY-MM-DD$/],
		['5.6.2030', /is ambiguous/],
		['50000000000', /^Registered "50000000000" is ambiguous: as seconds it is after the year 2286, as milliseconds before 1974$/],
		['2030-02-30', /^Registered "2030-02-30" is not a valid date$/],
		['2030-05-01T25:00', /^Registered "2030-05-01T25:00" is not a valid date$/],
		['0', /^Registered "0" is not a valid date$/],
		['soon', /^Registered "soon" is not a valid date$/],
		['2030-03-10T02:30:00', /^Registered "2030-03-10T02:30:00" does not exist in America\/New_York \(the clocks skip that hour\)/],
		['2030-11-03T01:30:00', /^Registered "2030-11-03T01:30:00" happens twice in America\/New_York \(the clocks go back that night\)/],
	])('refuses %s', async (value, message) => {
		expect(String(await registered(value))).toMatch(message);
		expect(cr.sim.log.filter((e) => e.method === 'POST')).toEqual([]);
	});

	it('an ambiguous wall time is fine once it carries its offset', async () => {
		expect(await registered('2030-11-03T01:30:00-04:00')).toBe(utc('2030-11-03T05:30:00Z'));
		expect(await registered('2030-11-03T01:30:00-05:00')).toBe(utc('2030-11-03T06:30:00Z'));
	});
});
