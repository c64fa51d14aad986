import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { readForm, textFields } from './form';

function form(entries: Array<[string, string | Blob]>): FormData {
	const data = new FormData();
	for (const [name, value] of entries) data.append(name, value);
	return data;
}

function status(run: () => unknown): number | undefined {
	try {
		run();
	} catch (error) {
		if (isHttpError(error)) return error.status;
		throw error;
	}
	return undefined;
}

describe('textFields', () => {
	it('returns the named fields, an absent one as empty, and ignores the rest', () => {
		const fields = textFields(
			form([
				['email', 'robin@example.com'],
				['role', 'therapist'],
				['coupleId', 'x'],
				['__proto__', 'y']
			]),
			['email', 'password']
		);
		expect(fields).toEqual({ email: 'robin@example.com', password: '' });
		expect(Object.keys(fields)).toEqual(['email', 'password']);
	});

	it('keeps what was typed exactly, spaces and all', () => {
		expect(textFields(form([['answer', '  two\r\nlines  ']]), ['answer'])).toEqual({
			answer: '  two\r\nlines  '
		});
	});

	it('refuses a field sent twice with 400', () => {
		expect(
			status(() =>
				textFields(
					form([
						['email', 'a@example.com'],
						['email', 'b@example.com']
					]),
					['email']
				)
			)
		).toBe(400);
	});

	it('refuses a file where text belongs with 400', () => {
		expect(status(() => textFields(form([['email', new Blob(['x'])]]), ['email']))).toBe(400);
	});
});

describe('readForm', () => {
	it('reads a posted form', async () => {
		const request = new Request('http://localhost/sign-in', {
			method: 'POST',
			body: new URLSearchParams({ email: 'a@example.com' })
		});
		expect((await readForm(request)).get('email')).toBe('a@example.com');
	});

	it('answers 400 to a body that is not a form', async () => {
		const request = new Request('http://localhost/sign-in', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"email":"a@example.com"}'
		});
		const error = await readForm(request).catch((caught: unknown) => caught);
		expect(isHttpError(error) && error.status).toBe(400);
	});
});

describe('readForm', () => {
	async function statusOf(request: Request): Promise<number | undefined> {
		try {
			await readForm(request);
		} catch (error) {
			if (isHttpError(error)) return error.status;
			throw error;
		}
		return undefined;
	}

	function streamFailingWith(reason: unknown): ReadableStream<Uint8Array> {
		return new ReadableStream({
			start(controller) {
				controller.error(reason);
			}
		});
	}

	function posted(body: ReadableStream<Uint8Array> | string): Request {
		return new Request('http://localhost/', {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body,
			duplex: 'half'
		} as RequestInit);
	}

	it('answers 413 when the server stopped a body over its size limit', async () => {
		const tooLarge = Object.assign(new Error('Payload Too Large'), { status: 413 });
		expect(await statusOf(posted(streamFailingWith(tooLarge)))).toBe(413);
	});

	it('answers 400 for a body that cannot be read for any other reason', async () => {
		expect(await statusOf(posted(streamFailingWith(new Error('reset'))))).toBe(400);
		const notAForm = new Request('http://localhost/', { method: 'POST', body: 'x' });
		expect(await statusOf(notAForm)).toBe(400);
	});
});
