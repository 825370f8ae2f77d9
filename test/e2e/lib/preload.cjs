'use strict';
/*
 * Loaded into n8n with NODE_OPTIONS=--require <this file>. Sends n8n's connections to rest.cleverreach.com to the
 * local CleverReach simulator WITHOUT changing the package under test: the node keeps calling
 * https://rest.cleverreach.com/v3/..., TLS still verifies the certificate for rest.cleverreach.com (issued by the test
 * CA passed in NODE_EXTRA_CA_CERTS), only the address (and, when the simulator is not on 443, the port) changes.
 *
 *   CLEVERREACH_SIM_HOSTS  comma-separated host names to redirect (default rest.cleverreach.com)
 *   CLEVERREACH_SIM_ADDR   address to resolve them to (default 127.0.0.1)
 *   CLEVERREACH_SIM_PORT   if set, connections to those hosts on port 443 go to this port instead (no root needed)
 */
const dns = require('node:dns');
const net = require('node:net');
const tls = require('node:tls');

const hosts = new Set(
	(process.env.CLEVERREACH_SIM_HOSTS || 'rest.cleverreach.com')
		.split(',')
		.map((h) => h.trim().toLowerCase())
		.filter(Boolean),
);
const address = process.env.CLEVERREACH_SIM_ADDR || '127.0.0.1';
const port = Number(process.env.CLEVERREACH_SIM_PORT || 0);
const family = net.isIPv6(address) ? 6 : 4;
const isSimHost = (name) => typeof name === 'string' && hosts.has(name.toLowerCase().replace(/\.$/, ''));

const originalLookup = dns.lookup;
function lookup(hostname, options, callback) {
	if (typeof options === 'function') {
		callback = options;
		options = {};
	}
	if (!isSimHost(hostname)) return originalLookup.call(dns, hostname, options, callback);
	const all = typeof options === 'object' && options !== null && options.all;
	process.nextTick(() => (all ? callback(null, [{ address, family }]) : callback(null, address, family)));
	return {};
}
dns.lookup = lookup;

const originalPromisesLookup = dns.promises.lookup;
dns.promises.lookup = async function (hostname, options) {
	if (!isSimHost(hostname)) return originalPromisesLookup.call(dns.promises, hostname, options);
	const all = typeof options === 'object' && options !== null && options.all;
	return all ? [{ address, family }] : { address, family };
};

if (port) {
	// https.Agent calls tls.connect(options) with host/port/servername; keep servername (SNI + certificate check)
	// and only swap the TCP destination.
	const originalConnect = tls.connect;
	tls.connect = function (...args) {
		const options = args.find((a) => a && typeof a === 'object');
		if (options && (isSimHost(options.host) || isSimHost(options.servername)) && Number(options.port || 443) === 443) {
			if (!options.servername) options.servername = options.host;
			options.host = address;
			options.port = port;
			for (let i = 0; i < args.length; i++) {
				if (typeof args[i] === 'number') args[i] = port;
				else if (typeof args[i] === 'string' && isSimHost(args[i])) args[i] = address;
			}
		}
		return originalConnect.apply(this, args);
	};
}
