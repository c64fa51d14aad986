import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address';

describe('clientAddress', () => {
	it("is the server's view of the address", () => {
		expect(clientAddress({ getClientAddress: () => '203.0.113.7' })).toBe('203.0.113.7');
	});

	it("is 'unknown' when the server cannot tell, rather than an error", () => {
		const event = {
			getClientAddress: () => {
				throw new Error('Could not determine clientAddress');
			}
		};
		expect(clientAddress(event)).toBe('unknown');
	});
});
