import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import type {
	PublicKeyCredentialCreationOptionsJSON,
	PublicKeyCredentialRequestOptionsJSON
} from '@simplewebauthn/server';

// A passkey device made of code, for unit tests: it answers the server's
// options the way a phone or laptop would (ES256, no attestation), keeps its
// own signature counter, and can be told to misbehave (another origin, a
// counter that goes back) to prove the server refuses it.

const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_ATTESTED_DATA = 0x40;

const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');
const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest();

export class SoftwareAuthenticator {
	readonly credentialId = randomBytes(16);
	readonly #privateKey: KeyObject;
	readonly #publicKey: KeyObject;
	counter = 0;
	/** The account it was made for, as the server named it (base64url). */
	userHandle: string | null = null;

	constructor(
		private readonly origin: string,
		keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
	) {
		this.#privateKey = keys.privateKey;
		this.#publicKey = keys.publicKey;
	}

	get id(): string {
		return b64url(this.credentialId);
	}

	/** A second device holding the very same key (a copied authenticator), counter and all. */
	clone(): SoftwareAuthenticator {
		const copy = new SoftwareAuthenticator(this.origin, {
			privateKey: this.#privateKey,
			publicKey: this.#publicKey
		});
		Object.assign(copy, { credentialId: this.credentialId });
		copy.counter = this.counter;
		copy.userHandle = this.userHandle;
		return copy;
	}

	#authenticatorData(rpId: string, extra: Uint8Array | null): Buffer {
		const counter = Buffer.alloc(4);
		counter.writeUInt32BE(this.counter);
		const flags = FLAG_USER_PRESENT | FLAG_USER_VERIFIED | (extra ? FLAG_ATTESTED_DATA : 0);
		return Buffer.concat([sha256(rpId), Buffer.from([flags]), counter, extra ?? Buffer.alloc(0)]);
	}

	#clientData(type: string, challenge: string, origin: string): Buffer {
		return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
	}

	/** The browser's answer to registration options, as the page would post it. */
	register(
		options: PublicKeyCredentialCreationOptionsJSON,
		{ origin = this.origin }: { origin?: string } = {}
	): string {
		this.userHandle = options.user.id;
		const jwk = this.#publicKey.export({ format: 'jwk' });
		const coseKey = new Map<number, number | Uint8Array>([
			[1, 2],
			[3, -7],
			[-1, 1],
			[-2, new Uint8Array(Buffer.from(jwk.x ?? '', 'base64url'))],
			[-3, new Uint8Array(Buffer.from(jwk.y ?? '', 'base64url'))]
		]);
		const idLength = Buffer.alloc(2);
		idLength.writeUInt16BE(this.credentialId.length);
		const attested = Buffer.concat([
			Buffer.alloc(16),
			idLength,
			this.credentialId,
			Buffer.from(isoCBOR.encode(coseKey))
		]);
		const attestationObject = isoCBOR.encode(
			new Map<string, string | Map<string, number> | Uint8Array>([
				['fmt', 'none'],
				['attStmt', new Map<string, number>()],
				['authData', new Uint8Array(this.#authenticatorData(options.rp.id ?? '', attested))]
			])
		);
		return JSON.stringify({
			id: this.id,
			rawId: this.id,
			type: 'public-key',
			response: {
				clientDataJSON: b64url(this.#clientData('webauthn.create', options.challenge, origin)),
				attestationObject: b64url(attestationObject),
				transports: ['internal']
			},
			clientExtensionResults: {},
			authenticatorAttachment: 'platform'
		});
	}

	/** The browser's answer to sign-in options: the counter moves on first, as a device's does. */
	authenticate(
		options: PublicKeyCredentialRequestOptionsJSON,
		{ origin = this.origin }: { origin?: string } = {}
	): string {
		this.counter += 1;
		const authenticatorData = this.#authenticatorData(options.rpId ?? '', null);
		const clientData = this.#clientData('webauthn.get', options.challenge, origin);
		const signature = sign(
			'sha256',
			Buffer.concat([authenticatorData, sha256(clientData)]),
			this.#privateKey
		);
		return JSON.stringify({
			id: this.id,
			rawId: this.id,
			type: 'public-key',
			response: {
				clientDataJSON: b64url(clientData),
				authenticatorData: b64url(authenticatorData),
				signature: b64url(signature),
				userHandle: this.userHandle ?? undefined
			},
			clientExtensionResults: {}
		});
	}
}
