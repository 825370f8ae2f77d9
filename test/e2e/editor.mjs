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
		await page.goto(`${url}/workflow/new`, { waitUntil: 'domcontentloaded' });
		await page.waitForSelector('[data-test-id="canvas-add-button"]', { timeout: 60_000 });

		// "Add first step" opens the node panel; search it like a user would.
		await page.locator('[data-test-id="canvas-add-button"]').first().click();
		const search = page.locator('input[data-test-id="node-creator-search-bar"], [data-test-id="node-creator-search-bar"] input').first();
		await search.waitFor({ timeout: 20_000 });
		await search.fill('CleverReach');
		const appItem = page.locator('[data-test-id="item-iterator-item"][data-keyboard-nav-id^="n8n-nodes-cleverreach."]').first();
		await appItem.waitFor({ timeout: 20_000 }).catch(() => {});
		await page.waitForTimeout(500);
		await page.screenshot({ path: join(artifactsDir, 'editor-search.png') });
		const results = await describeItems(page);
		say(`editor: search "CleverReach" lists ${JSON.stringify(results)}`);
		const app = results.find((i) => i.name === 'CleverReach' && i.id.startsWith('n8n-nodes-cleverreach.'));
		check('editor: searching "CleverReach" in the node panel finds the package (one "CleverReach" entry)', Boolean(app), JSON.stringify(results));
		check('editor: the entry shows the action node icon (cleverreach.svg), not a placeholder',
			Boolean(app?.icon.endsWith('/nodes/CleverReach/cleverreach.svg')), JSON.stringify(app));
		const instant = results.find((i) => i.id.startsWith('n8n-nodes-cleverreach.cleverReachInstantTrigger'));
		const instantIcon = instant ? await context.request.get(new URL(instant.icon, url).href, { failOnStatusCode: false }) : null;
		check('editor: the search also offers "CleverReach Instant" (the instant trigger) with its own icon, served as SVG',
			instant?.name === 'CleverReach Instant' && instant.icon.endsWith('/nodes/CleverReachInstantTrigger/cleverreachInstantTrigger.svg') &&
				instantIcon?.status() === 200 && (await instantIcon.text()).trimStart().startsWith('<svg'), JSON.stringify(instant));

		// Opening the entry shows the nodes of the package: the trigger's events and the action node's operations.
		await appItem.click();
		const triggersCategory = page.locator('[data-test-id="node-creator-category-item"]', { hasText: /Triggers/ }).first();
		await triggersCategory.waitFor({ timeout: 20_000 }).catch(() => {});
		const actionsCategory = page.locator('[data-test-id="node-creator-category-item"]', { hasText: /Actions/ }).first();
		const categories = (await page.locator('[data-test-id="node-creator-category-item"]').allInnerTexts()).map((t) => t.trim());
		const triggers = (await describeItems(page)).filter((i) => i.id.startsWith('n8n-nodes-cleverreach.cleverReachTrigger'));
		say(`editor: "CleverReach" opens ${JSON.stringify(categories)}; trigger items ${JSON.stringify(triggers.map((t) => t.name))}`);
		const events = ['On mailing finished', 'On new receiver', 'On receiver bounced', 'On receiver unsubscribed', 'On receiver updated'];
		check('editor: the CleverReach Trigger is offered with its 5 events',
			events.every((e) => triggers.some((t) => t.name === e)), JSON.stringify(triggers.map((t) => t.name)));
		check('editor: the trigger items show the trigger icon (cleverreachTrigger.svg)',
			triggers.length > 0 && triggers.every((t) => t.icon.endsWith('/nodes/CleverReachTrigger/cleverreachTrigger.svg')), JSON.stringify(triggers));
		const actionCount = Number((categories.find((c) => /^Actions/.test(c)) ?? '').match(/\((\d+)\)/)?.[1] ?? 0);
		if (await actionsCategory.isVisible().catch(() => false)) {
			// Collapse the triggers and expand the actions so both are visible in the screenshot.
			await triggersCategory.click().catch(() => {});
			await actionsCategory.click().catch(() => {});
			await page.waitForTimeout(800);
		}
		const actions = (await describeItems(page)).filter((i) => i.id.startsWith('n8n-nodes-cleverreach.cleverReach-'));
		say(`editor: ${actionCount} actions, e.g. ${JSON.stringify(actions.slice(0, 6).map((a) => a.name))}`);
		check('editor: the CleverReach action node is offered with its operations (e.g. "Create a group", "Create or update a receiver")',
			actionCount >= 10 && ['Create a group', 'Create or update a receiver'].every((n) => actions.some((a) => a.name === n)),
			`${actionCount} actions: ${JSON.stringify(actions.map((a) => a.name))}`);
		check('editor: the action items show the action node icon (cleverreach.svg)',
			actions.length > 0 && actions.every((a) => a.icon.endsWith('/nodes/CleverReach/cleverreach.svg')), JSON.stringify(actions.slice(0, 3)));
		await page.screenshot({ path: join(artifactsDir, 'editor-node-panel.png') });

		// The icons are really served (and render): fetch them through the logged-in context, check the loaded <img>s.
		const iconUrls = [...new Set([app?.icon, triggers[0]?.icon].filter(Boolean))];
		const served = [];
		for (const icon of iconUrls) {
			const res = await context.request.get(new URL(icon, url).href, { failOnStatusCode: false });
			const body = await res.text();
			served.push({ icon, status: res.status(), type: res.headers()['content-type'] ?? '', svg: body.trimStart().startsWith('<svg') });
		}
		check('editor: n8n serves both icons as SVG (HTTP 200)',
			served.length === 2 && served.every((x) => x.status === 200 && /svg/.test(x.type) && x.svg), JSON.stringify(served));
		const broken = await page.evaluate(() =>
			[...document.querySelectorAll('[data-test-id="node-creator"] img')]
				.filter((img) => /cleverreach/i.test(img.getAttribute('src') ?? '') && img.offsetParent !== null)
				.filter((img) => !img.complete || img.naturalWidth === 0)
				.map((img) => img.getAttribute('src')),
		);
		check('editor: every visible CleverReach icon in the panel loaded (no broken image)', broken.length === 0, JSON.stringify(broken));
	} finally {
		await context.close().catch(() => {});
		rmSync(profile, { recursive: true, force: true });
	}
}

/** Name, keyboard-navigation id (node type + uuid) and icon URL of every item in the open node panel. */
async function describeItems(page) {
	return await page.evaluate(() =>
		[...document.querySelectorAll('[data-test-id="node-creator"] [data-test-id="item-iterator-item"]')].map((el) => ({
			name: (el.querySelector('[data-test-id="node-creator-item-name"]')?.textContent ?? '').trim().replace(/\s+/g, ' '),
			id: el.getAttribute('data-keyboard-nav-id') ?? '',
			icon: el.querySelector('img')?.getAttribute('src') ?? '',
		})),
	);
}
