// The server `npm start` runs: adapter-node's request handler from the build,
// behind compression. Pages and JSON go out gzip- or brotli-compressed when
// the browser accepts it (a worksheet page is mostly repeated markup, a tenth
// of its size compressed); the build's static files are already compressed
// and sent as they are. A reverse proxy can compress instead (README).
//
// Listening and stopping follow adapter-node's own server: HOST, PORT,
// SHUTDOWN_TIMEOUT, and on SIGTERM or SIGINT no new connections, requests in
// flight finish, then the app is told to close its database.
import http from 'node:http';
import process from 'node:process';
import { constants } from 'node:zlib';
import compression from 'compression';

/** @typedef {(request: http.IncomingMessage, response: http.ServerResponse, next: () => void) => void} Middleware */

// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- the build carries no types; Middleware is its shape
const { handler } = /** @type {{ handler: Middleware }} */ (
	await import(new URL('../build/handler.js', import.meta.url).href)
);

const host = process.env.HOST || '0.0.0.0';
const port = Number(process.env.PORT || 3000);
const shutdownSeconds = Number(process.env.SHUTDOWN_TIMEOUT || 30);

/** @type {Middleware} */
const compress = /** @type {Middleware} */ (
	/** @type {unknown} */ (
		compression({
			// Below this, compressing costs more than it saves.
			threshold: 1024,
			// Fast settings: on a loopback or LAN the CPU is the limit, not the bytes.
			level: 4,
			brotli: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }
		})
	)
);

const httpServer = http.createServer((request, response) => {
	compress(request, response, () => handler(request, response, () => {}));
});

httpServer.listen({ host, port }, () => {
	console.log(`Listening on http://${host}:${port}`);
});

let stopping = false;

/** @param {'SIGINT' | 'SIGTERM'} reason */
function stop(reason) {
	if (stopping) return;
	stopping = true;
	const deadline = setTimeout(() => httpServer.closeAllConnections(), shutdownSeconds * 1000);
	// Keep-alive connections with nothing in flight would otherwise hold close() open.
	httpServer.closeIdleConnections();
	httpServer.close(() => {
		clearTimeout(deadline);
		// The app's hooks listen for this to close the database once nothing uses it.
		process.emit(/** @type {'beforeExit'} */ ('sveltekit:shutdown'), /** @type {never} */ (reason));
	});
}

httpServer.on('request', (request) => {
	// While stopping, connections close as soon as their last request is answered.
	request.on('close', () => {
		if (stopping) httpServer.closeIdleConnections();
	});
});

process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
