/**
 * The house rules of CONTRIBUTING.md that a machine can check, checked on the source tree itself: who may import
 * whom (the layers of each node and of the simulator), that every request goes through the one transport, and that
 * no source file outgrows a read. The checker also runs on small made-up trees that break each rule, so a rule that
 * could never fail shows.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Source {
	/** Path from the repository root, with `/`. */
	file: string;
	text: string;
}

/** Largest source file (lines) in nodes/, credentials/ and the simulator (its own tests excepted). */
const MAX_LINES = 350;

const ACTIONS = 'nodes/CleverReach/actions/';
const POLLING = 'nodes/CleverReachTrigger/';
const INSTANT = 'nodes/CleverReachInstantTrigger/';
const SIMULATOR = 'test/simulator/';
/** What builds on the simulator's model; the model itself never imports these. */
const SIMULATOR_ADAPTERS = ['api', 'routes', 'server', 'nock', 'admin', 'cli', 'seed', 'index', 'eventhooks'].map(
	(name) => `${SIMULATOR}${name}.ts`,
);
/** The n8n helpers that send HTTP requests: only the transport calls them. */
const REQUEST_HELPERS = new Set([
	'httpRequest',
	'httpRequestWithAuthentication',
	'request',
	'requestWithAuthentication',
	'requestOAuth1',
	'requestOAuth2',
]);

/**
 * Layers inside a node folder, lowest first: a file may import files of a lower layer and of its own group, never of
 * a higher layer or of another group in the same layer. Keys are paths below the node folder (a folder ends in `/`).
 */
const POLLING_LAYERS: Array<Record<string, string>> = [
	{ 'window.ts': 'cursor', 'state.ts': 'cursor', 'ids.ts': 'cursor' },
	{ 'run.ts': 'run' },
	{ 'read/': 'readers' },
	{ 'strategies/': 'strategies', 'failures.ts': 'failures' },
	{ 'events/': 'events' },
	{ 'CleverReachTrigger.node.ts': 'node' },
];
const INSTANT_LAYERS: Array<Record<string, string>> = [
	{ 'crypto.ts': 'crypto' },
	{ 'config.ts': 'config' },
	{ 'registration.ts': 'registration', 'webhook.ts': 'webhook' },
	{ 'CleverReachInstantTrigger.node.ts': 'node' },
];

interface Parsed extends Source {
	imports: Array<{ spec: string; target?: string; typeOnly: boolean }>;
	/** Names of request helpers the file calls (`this.helpers.httpRequest…`, `fetch`). */
	requests: string[];
}

function resolve(from: string, spec: string, files: Set<string>): string | undefined {
	if (!spec.startsWith('.')) return undefined;
	const base = posix.normalize(posix.join(posix.dirname(from), spec));
	return [base, `${base}.ts`, `${base}/index.ts`].find((candidate) => files.has(candidate));
}

function parse(source: Source, files: Set<string>): Parsed {
	const tree = ts.createSourceFile(source.file, source.text, ts.ScriptTarget.Latest, true);
	const specs: Array<{ spec: string; typeOnly: boolean }> = [];
	const requests: string[] = [];
	const visit = (node: ts.Node): void => {
		if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
			const typeOnly = ts.isImportDeclaration(node) ? node.importClause?.isTypeOnly === true : node.isTypeOnly;
			if (ts.isStringLiteral(node.moduleSpecifier)) specs.push({ spec: node.moduleSpecifier.text, typeOnly });
		} else if (ts.isCallExpression(node)) {
			const callee = node.expression;
			const [argument] = node.arguments;
			const loads = callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require');
			if (loads && argument && ts.isStringLiteral(argument)) specs.push({ spec: argument.text, typeOnly: false });
			if (ts.isIdentifier(callee) && callee.text === 'fetch') requests.push('fetch');
		} else if (ts.isPropertyAccessExpression(node) && REQUEST_HELPERS.has(node.name.text)) {
			const owner = node.expression;
			const ownerName = ts.isPropertyAccessExpression(owner) ? owner.name.text : ts.isIdentifier(owner) ? owner.text : '';
			const onHelpers = ownerName === 'helpers';
			if (onHelpers) requests.push(node.name.text);
		}
		ts.forEachChild(node, visit);
	};
	visit(tree);
	return { ...source, imports: specs.map((s) => ({ ...s, target: resolve(source.file, s.spec, files) })), requests };
}

/** The group of a file in a layered node folder, and its layer (index in `layers`). */
function layerOf(
	file: string,
	folder: string,
	layers: Array<Record<string, string>>,
): { group: string; rank: number } | undefined {
	if (!file.startsWith(folder)) return undefined;
	const rest = file.slice(folder.length);
	for (const [rank, layer] of layers.entries()) {
		for (const [path, group] of Object.entries(layer)) {
			if (path.endsWith('/') ? rest.startsWith(path) : rest === path) return { group, rank };
		}
	}
	return undefined;
}

const resourceOf = (file: string) =>
	file.startsWith(ACTIONS) ? /^([^/]+)\//.exec(file.slice(ACTIONS.length))?.[1] : undefined;
const nodeFolderOf = (file: string) => /^nodes\/([^/]+)\//.exec(file)?.[1];
const isModel = (file: string) => file === `${SIMULATOR}model.ts` || file.startsWith(`${SIMULATOR}model/`);

/** Every break of the rules in `sources`, one line each: `<file> → <import>: <rule>`. */
function houseRuleViolations(sources: Source[]): string[] {
	const files = new Set(sources.map((s) => s.file));
	const parsed = sources.map((source) => parse(source, files));
	// What a resource's index.ts (or the polling trigger's events/index.ts) imports beside it are its operations (events).
	const registered = new Set<string>();
	for (const p of parsed) {
		const isIndex = (resourceOf(p.file) && p.file.endsWith('/index.ts')) || p.file === `${POLLING}events/index.ts`;
		if (!isIndex) continue;
		for (const { target, typeOnly } of p.imports) {
			if (target && !typeOnly && posix.dirname(target) === posix.dirname(p.file)) registered.add(target);
		}
	}
	const found: string[] = [];
	for (const p of parsed) {
		const nodeCode = p.file.startsWith('nodes/') || p.file.startsWith('credentials/');
		for (const request of p.requests) {
			if (nodeCode && p.file !== 'nodes/shared/transport.ts') {
				found.push(`${p.file} → ${request}(): every request goes through nodes/shared/transport.ts`);
			}
		}
		const lines = p.text.split('\n').length - (p.text.endsWith('\n') ? 1 : 0);
		const counted = nodeCode || (p.file.startsWith(SIMULATOR) && !p.file.endsWith('.test.ts'));
		if (counted && lines > MAX_LINES) found.push(`${p.file}: ${lines} lines: no source file above ${MAX_LINES} lines`);
		for (const { spec, target } of p.imports) {
			const rule = brokenRule(p.file, spec, target, registered);
			if (rule) found.push(`${p.file} → ${spec}: ${rule}`);
		}
	}
	return found;
}

function brokenRule(file: string, spec: string, target: string | undefined, registered: Set<string>): string | undefined {
	const nodeCode = file.startsWith('nodes/') || file.startsWith('credentials/');
	if (nodeCode && !spec.startsWith('.') && spec !== 'n8n-workflow') {
		return 'node code imports only n8n-workflow (no runtime dependencies, no Node.js modules)';
	}
	if (file.startsWith(SIMULATOR) && target?.startsWith('nodes/')) {
		return 'the simulator models CleverReach and never imports the nodes it tests';
	}
	if (isModel(file) && target && SIMULATOR_ADAPTERS.includes(target)) {
		return 'the simulator model never imports its adapters or the eventhooks module (they build on the model)';
	}
	if (!target || !nodeCode) return undefined;
	if (file.startsWith('credentials/')) return 'credentials import only n8n-workflow';
	const from = nodeFolderOf(file);
	const to = nodeFolderOf(target);
	if (from === 'shared' && to !== 'shared') return 'nodes/shared imports only nodes/shared';
	if (from !== to && to !== 'shared') return 'a node imports only its own folder and nodes/shared';
	const resource = resourceOf(file);
	const targetResource = resourceOf(target);
	if (resource && to !== 'shared' && targetResource !== resource) {
		return 'a resource imports only nodes/shared and its own folder (resources never import each other)';
	}
	if (!resource && targetResource && !(file === `${ACTIONS}router.ts` && target.endsWith('/index.ts'))) {
		return "only actions/router.ts imports a resource, through the resource's index.ts";
	}
	const isIndex = file.endsWith('/index.ts') && posix.dirname(file) === posix.dirname(target);
	if (registered.has(target) && !isIndex) {
		return resource
			? "an operation file is imported only by its resource's index.ts (operations never import each other)"
			: 'an event file is imported only by events/index.ts (events never import each other)';
	}
	for (const [folder, layers] of [
		[POLLING, POLLING_LAYERS],
		[INSTANT, INSTANT_LAYERS],
	] as const) {
		const a = layerOf(file, folder, layers);
		const b = layerOf(target, folder, layers);
		if (!a || !b || a.group === b.group || b.rank < a.rank) continue;
		const order = layers.map((layer) => [...new Set(Object.values(layer))].join('/')).join(' → ');
		return `${a.group} may not import ${b.group}: ${order}, each layer imports only lower ones`;
	}
	return undefined;
}

function walk(dir: string): string[] {
	return readdirSync(posix.join(ROOT, dir)).flatMap((name) => {
		const path = posix.join(dir, name);
		if (statSync(posix.join(ROOT, path)).isDirectory()) return walk(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

describe('house rules (CONTRIBUTING.md)', () => {
	it('the source tree keeps them', () => {
		const sources = ['nodes', 'credentials', 'test/simulator'].flatMap(walk).map((file) => ({
			file,
			text: readFileSync(posix.join(ROOT, file), 'utf8'),
		}));
		expect(sources.length).toBeGreaterThan(100);
		expect(houseRuleViolations(sources)).toEqual([]);
	});

	const form = (files: Record<string, string>) => [
		{ file: `${ACTIONS}form/index.ts`, text: "import { get } from './get';\nimport { getCode } from './getCode';" },
		{ file: `${ACTIONS}form/get.ts`, text: '' },
		...Object.entries(files).map(([file, text]) => ({ file, text })),
	];

	it('an operation importing another operation breaks them (and a helper module beside it does not)', () => {
		const sources = form({
			[`${ACTIONS}form/getCode.ts`]: "import { formDescription } from './get';\nimport { formLocator } from './formProperties';",
			[`${ACTIONS}form/formProperties.ts`]: "import { groupLocator } from '../../../shared/descriptions';",
			'nodes/shared/descriptions.ts': '',
		});
		expect(houseRuleViolations(sources)).toEqual([
			`${ACTIONS}form/getCode.ts → ./get: an operation file is imported only by its resource's index.ts (operations never import each other)`,
		]);
	});

	it('a resource importing another resource, a package, or a request helper breaks them', () => {
		const sources = form({
			[`${ACTIONS}form/getCode.ts`]: [
				"import { isoFromUnix } from '../mailing/dates';",
				"import { get } from 'axios';",
				"import { randomUUID } from 'node:crypto';",
				'export async function send(this: IExecuteFunctions) { return await this.helpers.httpRequest({ url }); }',
				'const page = await fetch(url);',
			].join('\n'),
			[`${ACTIONS}mailing/dates.ts`]: '',
		});
		expect(houseRuleViolations(sources)).toEqual([
			`${ACTIONS}form/getCode.ts → httpRequest(): every request goes through nodes/shared/transport.ts`,
			`${ACTIONS}form/getCode.ts → fetch(): every request goes through nodes/shared/transport.ts`,
			`${ACTIONS}form/getCode.ts → ../mailing/dates: a resource imports only nodes/shared and its own folder (resources never import each other)`,
			`${ACTIONS}form/getCode.ts → axios: node code imports only n8n-workflow (no runtime dependencies, no Node.js modules)`,
			`${ACTIONS}form/getCode.ts → node:crypto: node code imports only n8n-workflow (no runtime dependencies, no Node.js modules)`,
		]);
	});

	it('shared importing a node, one node importing another, and the methods reaching into a resource break them', () => {
		const sources = form({
			'nodes/shared/groups.ts': "import { events } from '../CleverReachTrigger/events';",
			'nodes/CleverReachTrigger/events/index.ts': '',
			[`${INSTANT}config.ts`]: "import { readConfig } from '../CleverReachTrigger/events';",
			'nodes/CleverReach/methods/searchForms.ts': "import { formDescription } from '../actions/form/get';",
		});
		expect(houseRuleViolations(sources)).toEqual([
			'nodes/shared/groups.ts → ../CleverReachTrigger/events: nodes/shared imports only nodes/shared',
			`${INSTANT}config.ts → ../CleverReachTrigger/events: a node imports only its own folder and nodes/shared`,
			"nodes/CleverReach/methods/searchForms.ts → ../actions/form/get: only actions/router.ts imports a resource, through the resource's index.ts",
		]);
	});

	it('a lower layer of a trigger importing a higher one, or two events importing each other, break them', () => {
		const sources = [
			{ file: `${POLLING}events/index.ts`, text: "import { a } from './a';\nimport { b } from './b';" },
			{ file: `${POLLING}events/a.ts`, text: "import { b } from './b';\nimport { readAfter } from '../read/search';" },
			{ file: `${POLLING}events/b.ts`, text: '' },
			{ file: `${POLLING}read/search.ts`, text: "import { onFailure } from '../failures';" },
			{ file: `${POLLING}failures.ts`, text: '' },
			{ file: `${POLLING}window.ts`, text: "import { PollRun } from './run';" },
			{ file: `${POLLING}run.ts`, text: '' },
			{ file: `${INSTANT}webhook.ts`, text: "import { create } from './registration';" },
			{ file: `${INSTANT}registration.ts`, text: '' },
		];
		expect(houseRuleViolations(sources)).toEqual([
			`${POLLING}events/a.ts → ./b: an event file is imported only by events/index.ts (events never import each other)`,
			`${POLLING}read/search.ts → ../failures: readers may not import failures: cursor → run → readers → strategies/failures → events → node, each layer imports only lower ones`,
			`${POLLING}window.ts → ./run: cursor may not import run: cursor → run → readers → strategies/failures → events → node, each layer imports only lower ones`,
			`${INSTANT}webhook.ts → ./registration: webhook may not import registration: crypto → config → registration/webhook → node, each layer imports only lower ones`,
		]);
	});

	it('the simulator model importing an adapter, or the simulator importing the nodes, break them', () => {
		const sources = [
			{ file: `${SIMULATOR}model.ts`, text: "import { Simulator } from './api.ts';" },
			{ file: `${SIMULATOR}model/receivers.ts`, text: "import { Eventhooks } from '../eventhooks.ts';" },
			{ file: `${SIMULATOR}routes.ts`, text: "import { Model } from './model.ts';\nimport { MAX_BATCH } from '../../nodes/CleverReach/actions/receiver/upsertBatches';" },
			{ file: `${SIMULATOR}api.ts`, text: '' },
			{ file: `${SIMULATOR}eventhooks.ts`, text: '' },
			{ file: 'nodes/CleverReach/actions/receiver/upsertBatches.ts', text: '' },
		];
		expect(houseRuleViolations(sources)).toEqual([
			`${SIMULATOR}model.ts → ./api.ts: the simulator model never imports its adapters or the eventhooks module (they build on the model)`,
			`${SIMULATOR}model/receivers.ts → ../eventhooks.ts: the simulator model never imports its adapters or the eventhooks module (they build on the model)`,
			`${SIMULATOR}routes.ts → ../../nodes/CleverReach/actions/receiver/upsertBatches: the simulator models CleverReach and never imports the nodes it tests`,
		]);
	});

	it('a source file above the size limit breaks them (a simulator test file may be longer)', () => {
		const long = 'const x = 1;\n'.repeat(MAX_LINES + 1);
		const sources = [
			{ file: 'nodes/shared/transport.ts', text: long },
			{ file: `${SIMULATOR}simulator.test.ts`, text: long },
			{ file: 'nodes/shared/parameters.ts', text: 'const x = 1;\n'.repeat(MAX_LINES) },
		];
		expect(houseRuleViolations(sources)).toEqual([`nodes/shared/transport.ts: ${MAX_LINES + 1} lines: no source file above ${MAX_LINES} lines`]);
	});
});
