/**
 * The GitHub Actions workflows do what n8n's verification asks and what the README promises: CI runs the README's
 * test command on every push and pull request with Node 24, and a version tag publishes the package with an npm
 * provenance attestation (n8n requires community packages to be published from GitHub Actions with provenance).
 * The workflow files are parsed as YAML (the `yaml` package n8n's toolchain already brings), not matched as text.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
}
interface Job {
	'runs-on'?: string;
	container?: string | { image?: string };
	permissions?: Record<string, string>;
	steps: Step[];
}
interface Workflow {
	on: Record<string, { tags?: string[]; branches?: string[] } | null>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

const workflow = (name: string) => parse(read(`.github/workflows/${name}.yml`)) as Workflow;
const commands = (job: Job) => job.steps.flatMap((s) => (s.run ?? '').split('\n').map((l) => l.trim()).filter(Boolean));
const pkg = JSON.parse(read('package.json')) as { version: string; scripts: Record<string, string> };

/** The test command of README.md's "Two commands" block: the line that says it runs every check. */
function readmeTestCommand(): string {
	const section = read('README.md').split(/^## /m).find((s) => s.startsWith('Two commands'));
	const block = /```bash\n([\s\S]*?)```/.exec(section ?? '')?.[1] ?? '';
	const line = block.split('\n').find((l) => /#.*every check/.test(l)) ?? '';
	return line.replace(/#.*/, '').trim();
}

/** GitHub's tag filter: `*` matches any characters except `/`. */
const tagFilter = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);

/** Node's major version a job runs: the container image's tag or actions/setup-node's node-version. */
function nodeMajor(job: Job): number | undefined {
	const image = typeof job.container === 'string' ? job.container : job.container?.image;
	const fromImage = image && /^node:(\d+)/.exec(image)?.[1];
	const setup = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.['node-version'];
	const version = fromImage ?? (setup === undefined ? undefined : /^(\d+)/.exec(String(setup))?.[1]);
	return version === undefined ? undefined : Number(version);
}

describe('CI workflow (.github/workflows/ci.yml)', () => {
	const ci = workflow('ci');
	const [job] = Object.values(ci.jobs);

	it('runs on every push and pull request', () => {
		expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
		expect(ci.on.push?.branches).toBeUndefined();
	});

	it("runs the README's test command, with Node 24", () => {
		const command = readmeTestCommand();
		expect(command).toBe('npm test');
		expect(commands(job)).toContain(command);
		expect(nodeMajor(job)).toBe(24);
	});
});

describe('publish workflow (.github/workflows/publish.yml)', () => {
	const publish = workflow('publish');
	const [job] = Object.values(publish.jobs);

	it('runs on version tags (x.y.z) only', () => {
		expect(Object.keys(publish.on)).toEqual(['push']);
		const filters = (publish.on.push?.tags ?? []).map(tagFilter);
		const matches = (tag: string) => filters.some((f) => f.test(tag));
		expect(['0.1.0', '1.2.3', '2.0.0-rc.1'].filter(matches)).toEqual(['0.1.0', '1.2.3', '2.0.0-rc.1']);
		expect(['main', 'v1', 'release-1', '1.2'].filter(matches)).toEqual([]);
		expect(publish.on.push?.branches).toBeUndefined();
	});

	it('may mint an OIDC token (id-token: write) and only read the repository', () => {
		const permissions = { ...publish.permissions, ...job.permissions };
		expect(permissions['id-token']).toBe('write');
		expect(permissions.contents).toBe('read');
	});

	it('publishes with npm provenance, with Node 24', () => {
		const run = commands(job);
		const direct = run.some((l) => /^npm publish\b.*--provenance\b/.test(l));
		// `npm run release` = `n8n-node release`, which in GitHub Actions runs lint and build and then `npm publish`
		// with NPM_CONFIG_PROVENANCE=true (read from the installed @n8n/node-cli, so an upgrade that drops it fails here).
		const release = run.includes('npm run release') && pkg.scripts.release === 'n8n-node release';
		const cli = read('node_modules/@n8n/node-cli/dist/commands/release.js');
		expect(direct || (release && /NPM_CONFIG_PROVENANCE: 'true'/.test(cli))).toBe(true);
		expect(nodeMajor(job)).toBe(24);
	});

	it('cannot be bypassed by a plain npm publish', () => {
		// n8n-node prerelease fails unless n8n-node release set RELEASE_MODE.
		expect(pkg.scripts.prepublishOnly).toBe('n8n-node prerelease');
	});
});

describe('CHANGELOG.md', () => {
	const versions = [...read('CHANGELOG.md').matchAll(/^## \[([^\]]+)\]/gm)].map((m) => m[1]);

	it('has semantic versions, newest first, and an entry for the version in package.json', () => {
		const released = versions.filter((v) => v !== 'Unreleased');
		expect(released.every((v) => /^\d+\.\d+\.\d+(?:-[\w.]+)?$/.test(v))).toBe(true);
		const order = (v: string) => v.split(/[.-]/).slice(0, 3).map(Number);
		const sorted = [...released].sort((a, b) => {
			const [x, y] = [order(a), order(b)];
			return y[0] - x[0] || y[1] - x[1] || y[2] - x[2];
		});
		expect(released).toEqual(sorted);
		expect(released).toContain(pkg.version);
	});
});
