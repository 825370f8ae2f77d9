// Editor check: headless Chromium (Debian's package, driven by playwright-core; no browser download) opens the
// running n8n, finishes the owner setup through n8n's REST API, opens the node panel, searches "CleverReach" and
// checks that the action node and the trigger are offered with their own icons. Saves screenshots under
// test-artifacts/e2e/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Path of a Chromium binary; installs Debian's `chromium` package when missing and running as root (CI). */
export function ensureChromium() {
	const found = () => CANDIDATES.find((p) => p && existsSync(p));
	if (found()) return found();
	if (typeof process.getuid === 'function' && process.getuid() === 0) {
		console.log('[e2e] installing chromium (apt-get)…');
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		try {
			execFileSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'], env });
			execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env });
		} catch (error) {
			console.log(`[e2e] apt-get install chromium failed: ${error.message}`);
		}
	}
	return found() ?? null;
}

export const OWNER = { email: 'e2e-owner@example.com', firstName: 'E2E', lastName: 'Owner', password: 'E2e-Owner-Passw0rd!' };

/** Creates the instance owner (or logs in when it exists) in the browser context, so the editor opens logged in. */
async function signIn(context, url) {
	const setup = await context.request.post(`${url}/rest/owner/setup`, { data: OWNER, failOnStatusCode: false });
	if (setup.ok()) return 'owner setup';
	const login = await context.request.post(`${url}/rest/login`, {
		data: { emailOrLdapLoginId: OWNER.email, password: OWNER.password },
		failOnStatusCode: false,
	});
	if (login.ok()) return 'login';
	throw new Error(`owner setup answered ${setup.status()} ${await setup.text()}; login answered ${login.status()} ${await login.text()}`);
}

export async function editorCheck({ url, artifactsDir, check, say = console.log }) {
	const executablePath = ensureChromium();
	if (!check('editor: Chromium found', Boolean(executablePath), CANDIDATES.filter(Boolean).join(', '))) return;
	const { chromium } = await import('playwright-core');
	const profile = mkdtempSync(join(tmpdir(), 'cr-e2e-chromium-'));
	// A fresh profile per run (playwright takes it as the persistent context's user data dir).
	const context = await chromium.launchPersistentContext(profile, {
		executablePath,
		headless: true,
		viewport: { width: 1440, height: 900 },
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	try {
		const how = await signIn(context, url);
		check(`editor: signed in to n8n through the REST API (${how})`, true);
		const page = await context.newPage();
		const iconResponses = new Map();
		page.on('response', (res) => {
			if (/cleverreach/i.test(res.url()) && /\.(svg|png)(\?|$)/i.test(res.url())) {
				iconResponses.set(res.url(), { status: res.status(), type: res.headers()['content-type'] ?? '' });
			}
		});
		await page.goto(`${url}/workflow/new`, { waitUntil: 'domcontentloaded' });
		await page.waitForSelector('[data-test-id="canvas-add-button"], [data-test-id="node-creator-plus-button"]', { timeout: 60_000 });
		await page.screenshot({ path: join(artifactsDir, 'editor-canvas.png') });

		// Open the node panel ("Add first step") and search for the package's nodes.
		const addButton = page.locator('[data-test-id="canvas-add-button"]').first();
		if (await addButton.isVisible().catch(() => false)) await addButton.click();
		else await page.locator('[data-test-id="node-creator-plus-button"]').first().click();
		const search = page.locator('[data-test-id="node-creator-search-bar"] input, input[data-test-id="node-creator-search-bar"]').first();
		await search.waitFor({ timeout: 20_000 });
		await search.fill('CleverReach');
		await page.waitForTimeout(1500);
		const items = page.locator('[data-test-id="node-creator-node-item"], [data-test-id="node-creator-item-name"]');
		await items.first().waitFor({ timeout: 20_000 }).catch(() => {});
		await page.screenshot({ path: join(artifactsDir, 'editor-node-panel-triggers.png') });
		const triggerPanel = await describeItems(page);
		say(`editor: node panel (trigger view) shows ${JSON.stringify(triggerPanel.map((i) => i.name))}`);

		// The first-step panel lists trigger nodes; the action node shows once a trigger is on the canvas. Add the
		// CleverReach Trigger, then open the panel again for the next node.
		const trigger = triggerPanel.find((i) => /^CleverReach Trigger$/i.test(i.name));
		check('editor: "CleverReach Trigger" is offered when searching "CleverReach"', Boolean(trigger), JSON.stringify(triggerPanel));
		check('editor: the trigger is shown with its own icon (not the generic placeholder)',
			Boolean(trigger?.icon && /cleverreach/i.test(trigger.icon)), JSON.stringify(trigger));

		let actionPanel = triggerPanel;
		if (!triggerPanel.some((i) => /^CleverReach$/i.test(i.name))) {
			actionPanel = await openActionPanel(page, artifactsDir);
			say(`editor: node panel (action view) shows ${JSON.stringify(actionPanel.map((i) => i.name))}`);
		}
		const action = actionPanel.find((i) => /^CleverReach$/i.test(i.name));
		check('editor: "CleverReach" (action node) is offered when searching "CleverReach"', Boolean(action), JSON.stringify(actionPanel));
		check('editor: the action node is shown with its own icon', Boolean(action?.icon && /cleverreach/i.test(action.icon)),
			JSON.stringify(action));
		await page.screenshot({ path: join(artifactsDir, 'editor-node-panel.png') });

		const served = [...iconResponses.entries()];
		check('editor: n8n served the CleverReach icons as SVG (HTTP 200)',
			served.length >= 2 && served.every(([, r]) => r.status === 200 && /svg/.test(r.type)), JSON.stringify(served));
	} finally {
		await context.close().catch(() => {});
		rmSync(profile, { recursive: true, force: true });
	}
}

/** Name and icon URL of every item in the open node panel. */
async function describeItems(page) {
	return await page.evaluate(() => {
		const nodes = [...document.querySelectorAll('[data-test-id="node-creator-node-item"], [data-test-id="node-creator-item"]')];
		return nodes.map((el) => {
			const nameEl = el.querySelector('[data-test-id="node-creator-item-name"]') ?? el;
			const img = el.querySelector('img');
			const svgImage = el.querySelector('image');
			return {
				name: (nameEl.textContent ?? '').trim().replace(/\s+/g, ' '),
				icon: img?.getAttribute('src') ?? svgImage?.getAttribute('href') ?? '',
			};
		});
	});
}

async function openActionPanel(page, artifactsDir) {
	const triggerItem = page.locator('[data-test-id="node-creator-node-item"]', { hasText: 'CleverReach Trigger' }).first();
	await triggerItem.click();
	// Picking a node opens either its action list (sub-panel) or the node's settings (NDV); leave both.
	await page.waitForTimeout(1500);
	await page.screenshot({ path: join(artifactsDir, 'editor-after-trigger-pick.png') });
	const firstAction = page.locator('[data-test-id="node-creator-action-item"]').first();
	if (await firstAction.isVisible().catch(() => false)) {
		await firstAction.click();
		await page.waitForTimeout(1500);
	}
	await page.keyboard.press('Escape');
	await page.waitForTimeout(800);
	await page.keyboard.press('Escape');
	await page.waitForTimeout(800);
	await page.locator('[data-test-id="node-creator-plus-button"]').first().click();
	const search = page.locator('[data-test-id="node-creator-search-bar"] input, input[data-test-id="node-creator-search-bar"]').first();
	await search.waitFor({ timeout: 20_000 });
	await search.fill('CleverReach');
	await page.waitForTimeout(1500);
	await page.screenshot({ path: join(artifactsDir, 'editor-node-panel-actions.png') });
	return await describeItems(page);
}
