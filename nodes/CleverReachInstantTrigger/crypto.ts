/**
 * The few cryptographic pieces the instant trigger needs, on the runtime's Web Crypto API (`crypto.subtle`, a
 * global of Node ≥ 19; nothing to import): HMAC-SHA-256 for the verify token, SHA-256 for duplicate keys, and a
 * comparison of secrets whose time does not depend on where they differ.
 */
const encoder = new TextEncoder();

const hex = (buffer: ArrayBuffer): string =>
	Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('');

export async function hmacSha256Hex(key: string, message: string): Promise<string> {
	const cryptoKey = await crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, [
		'sign',
	]);
	return hex(await crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(message)));
}

export async function sha256Hex(text: string): Promise<string> {
	return hex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/**
 * Whether `presented` equals `expected`, in a time that depends only on the length of `expected` (every
 * character is compared, no early exit), so a caller cannot find a token character by character.
 */
export function sameSecret(expected: string, presented: string): boolean {
	let difference = expected.length ^ presented.length;
	for (let i = 0; i < expected.length; i++) {
		difference |= expected.charCodeAt(i) ^ (presented.charCodeAt(i) || 0);
	}
	return difference === 0;
}
