#!/usr/bin/env node
/**
 * Offline equivalent of `npx @n8n/scan-community-package` (which needs npm provenance, i.e. a published version):
 * packs the package as npm would publish it, checks what the tarball contains, and lints the tarball's compiled
 * JavaScript and package.json, plus the node/credential sources, with the rules the scanner uses
 * (@n8n/eslint-plugin-community-nodes "recommended" + eslint-plugin-n8n-nodes-base community/nodes/credentials).
 * Warnings fail too: several rules of the newest set are warn-level (node-registration-complete, no-dead-files,
 * require-files-array, require-homepage, …) and reviewers read them as defects. It also checks that both this
 * scan and the project's `npm run lint` enable every rule of the plugin's "recommended" config, and that
 * eslint.config.mjs is n8n-node's default (what `n8n-node lint` demands in strict mode).
 * Prints `package scan: N passed, M failed` and exits non-zero on any failure.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { defineConfig } from 'eslint/config';
import glob from 'fast-glob';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

const root = new URL('..', import.meta.url).pathname;
// The parser n8n's own lint config uses (a dependency of @n8n/node-cli).
const tseslint = createRequire(join(root, 'node_modules/@n8n/node-cli/dist/configs/eslint.js'))('typescript-eslint');
let passed = 0;
let failed = 0;
const check = (name, ok, detail = '') => {
	if (ok) passed++;
	else failed++;
	console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? `\n${detail}` : ''}`);
};

const scanConfig = defineConfig(
	n8nCommunityNodesPlugin.configs.recommended,
	{ rules: { 'no-console': 'error' } },
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{ files: ['package.json'], rules: { ...n8nNodesBase.configs.community.rules } },
	{
		files: ['**/credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['**/nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{ files: ['**/*.json', '**/*.ts'], languageOptions: { parser: tseslint.parser } },
);

async function lint(cwd, patterns, label) {
	const eslint = new ESLint({ cwd, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: scanConfig });
	const files = glob.sync(patterns, { cwd, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	const results = await eslint.lintFiles(files);
	const problems = results.reduce((n, r) => n + r.errorCount + r.warningCount, 0);
	const details = problems ? await (await eslint.loadFormatter('stylish')).format(results) : '';
	check(
		`${label}: ${files.length} files lint clean (no error, no warning) with the scanner's rules`,
		files.length > 0 && problems === 0,
		details,
	);
}

// Every rule of the plugin's "recommended" set, as eslint resolves it for package.json and for a node file.
const recommended = Object.keys(n8nCommunityNodesPlugin.configs.recommended.rules);
async function rulesOff(eslint, label) {
	const off = new Set(recommended);
	for (const file of ['package.json', n8nEntry()]) {
		const { rules = {} } = (await eslint.calculateConfigForFile(join(root, file))) ?? {};
		for (const [rule, setting] of Object.entries(rules)) {
			const level = Array.isArray(setting) ? setting[0] : setting;
			if (level !== 0 && level !== 'off') off.delete(rule);
		}
	}
	check(`${label} enables all ${recommended.length} rules of the plugin's recommended set`, off.size === 0, [...off].join('\n'));
}
const n8nEntry = () => JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).n8n.nodes[0].replace(/^dist\/(.*)\.js$/, '$1.ts');
const version = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
console.log(`rules: @n8n/eslint-plugin-community-nodes ${version('@n8n/eslint-plugin-community-nodes')} (${recommended.length} recommended)`);
await rulesOff(new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: scanConfig }), 'the scan');
await rulesOff(new ESLint({ cwd: root }), 'npm run lint (eslint.config.mjs)');
const squash = (file) => readFileSync(file, 'utf8').replace(/\s+/g, ' ').trim();
check(
	"eslint.config.mjs is n8n-node's default config (strict mode)",
	squash(join(root, 'eslint.config.mjs')) ===
		squash(join(root, 'node_modules/@n8n/node-cli/dist/template/templates/shared/default/eslint.config.mjs')),
);

const work = mkdtempSync(join(tmpdir(), 'cr-scan-'));
try {
	const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root }).toString());
	const files = packed[0].files.map((f) => f.path);
	// n8n-node build copies every svg/png outside dist, node_modules and dot-folders into dist (e2e screenshots in
	// test-artifacts/ too): package.json "files" lists only dist's node, credential and icon folders, checked here.
	const allowed = (p) =>
		/^dist\/(nodes|credentials|icons)\//.test(p) ||
		['package.json', 'README.md', 'LICENSE', 'LICENSE.md'].includes(p);
	const stray = files.filter((p) => !allowed(p));
	check('tarball holds only dist/{nodes,credentials,icons}, README, LICENSE and package.json', stray.length === 0, stray.join('\n'));
	check('tarball has README.md and LICENSE', files.includes('README.md') && files.some((p) => p.startsWith('LICENSE')));
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	const listed = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
	const missing = listed.filter((p) => !files.includes(p));
	check('every node and credential listed in package.json is in the tarball', missing.length === 0, missing.join('\n'));
	const svgs = files.filter((p) => p.endsWith('.svg'));
	check('icons are in the tarball', svgs.length >= 4, svgs.join('\n'));
	check('no runtime dependencies', Object.keys(pkg.dependencies ?? {}).length === 0);
	check('leaks no test or source files', !files.some((p) => /\.test\.|\/test\/|\.ts$/.test(p) && !p.endsWith('.d.ts')));

	const extracted = join(work, 'package');
	execFileSync('tar', ['-xzf', join(work, packed[0].filename), '-C', work]);
	await lint(extracted, ['**/*.js', '**/*.json'], 'packed tarball (JS + package.json)');
	await lint(root, ['package.json', '{nodes,credentials}/**/*.{js,ts,json}'], 'sources');
} finally {
	rmSync(work, { recursive: true, force: true });
}
console.log(`package scan: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
