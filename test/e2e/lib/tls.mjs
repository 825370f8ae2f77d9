// A throw-away certificate authority and a server certificate for rest.cleverreach.com, made with the openssl CLI
// into a temporary folder at test time (nothing is committed). n8n trusts the CA through NODE_EXTRA_CA_CERTS.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function makeCertificates(dir, hosts = ['rest.cleverreach.com']) {
	mkdirSync(dir, { recursive: true });
	const run = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
	run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=n8n-nodes-cleverreach e2e test CA',
		'-keyout', 'ca.key', '-out', 'ca.crt', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
	run('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${hosts[0]}`, '-keyout', 'server.key', '-out', 'server.csr');
	writeFileSync(
		join(dir, 'server.ext'),
		[
			'basicConstraints=CA:FALSE',
			'keyUsage=critical,digitalSignature,keyEncipherment',
			'extendedKeyUsage=serverAuth',
			`subjectAltName=${[...hosts.map((h) => `DNS:${h}`), 'IP:127.0.0.1'].join(',')}`,
		].join('\n') + '\n',
	);
	run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2',
		'-extfile', 'server.ext', '-out', 'server.crt');
	return {
		dir,
		ca: join(dir, 'ca.crt'),
		cert: join(dir, 'server.crt'),
		key: join(dir, 'server.key'),
		caPem: readFileSync(join(dir, 'ca.crt'), 'utf8'),
	};
}
