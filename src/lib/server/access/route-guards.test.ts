import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Every page load, form action and endpoint must begin with a guard of this
// folder: a layout load does not protect its pages, and one forgotten check is
// a partner reading what is not theirs. This reads the route files with the
// TypeScript compiler and names every load, action and handler that does not.

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const accessFolder = fileURLToPath(new URL('./', import.meta.url));
const routesFolder = path.join(root, 'src/routes');

/**
 * Route files open to everyone on purpose, and why. Each shows nothing
 * private and decides for itself who may go on; the test fails if one is
 * gone, so the list cannot outlive its files.
 */
const OPEN_TO_EVERYONE: Record<string, string> = {
	'src/routes/+server.ts':
		'The front door: sends each person to their own home, or to setup or sign-in, and shows nothing.',
	'src/routes/+layout.server.ts':
		'Only the signed-in person’s own name and role, and a partner’s quick-exit site, for the header; every page below guards itself.',
	'src/routes/healthz/+server.ts':
		'The reverse proxy’s health check: says only ok or unavailable, reads no session and no row.',
	'src/routes/exit/+server.ts':
		'The quick exit: ends only the asker’s own session, if any, and sends anyone to a neutral site.',
	'src/routes/(auth)/sign-in/+page.server.ts':
		'The way in for the signed out; sign-in is throttled and checks the password itself.',
	'src/routes/(auth)/sign-in/passkey/options/+server.ts':
		'A challenge for a passkey sign-in, before anyone is known: it names no account, and asking is throttled per client address.',
	'src/routes/(auth)/sign-in/passkey/+server.ts':
		'The way in with a passkey: the passkey’s signature over a challenge made here, used once, is the access check.',
	'src/routes/(auth)/sign-out/+page.server.ts':
		'Ends only the asker’s own session, if any; its page sends the signed out to sign in.',
	'src/routes/(auth)/setup/+page.server.ts':
		'First run only: its load and its action answer 404 as soon as any therapist exists.',
	'src/routes/(auth)/join/[token]/+page.server.ts':
		'The invitation link is the access check; a closed or unknown link shows no one’s details.',
	'src/routes/(auth)/join-practice/[token]/+page.server.ts':
		'The colleague’s invitation link is the access check; a closed or unknown link shows no one’s details.',
	'src/routes/(auth)/forgot-password/+page.server.ts':
		'The way back in for the signed out: the same answer for any address, throttled, and the link goes only to the account’s own confirmed address.',
	'src/routes/(auth)/reset-password/[token]/+page.server.ts':
		'The reset link is the access check; a closed or unknown link shows no one’s details.',
	'src/routes/(auth)/confirm-address/[token]/+page.server.ts':
		'The confirmation link is the access check; it shows only what became of the link, never whose it is.',
	'src/routes/calendar/[token].ics/+server.ts':
		'A person’s calendar feed: the secret address is the access check; an unknown or stopped one is 404, and it lists only neutral appointments.',
	'src/routes/unsubscribe/[token]/+page.server.ts':
		'The signed link is the access check; it can only stop one kind of mail for the person it was made for.'
};

const HANDLERS = new Set([
	'load',
	'GET',
	'POST',
	'PUT',
	'PATCH',
	'DELETE',
	'HEAD',
	'OPTIONS',
	'fallback'
]);

interface Guard {
	/** An async guard that is not awaited guards nothing. */
	async: boolean;
}

/** Guards by module (its path without extension), then by exported name. */
type Guards = Map<string, Map<string, Guard>>;

function parse(fileName: string, text: string): ts.SourceFile {
	return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

function isExported(node: ts.Node): boolean {
	return (
		ts.canHaveModifiers(node) &&
		(ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
	);
}

/** Whether calling it gives a promise, which must be awaited before anything else runs. */
function isAsync(fn: ts.FunctionLikeDeclaration): boolean {
	return (
		(ts.getModifiers(fn) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ||
		(fn.type !== undefined && /^Promise\b/.test(fn.type.getText()))
	);
}

/** The guards: every function exported from this folder whose name begins with `require`. */
function readGuards(folder: string): Guards {
	const guards: Guards = new Map();
	for (const name of fs.readdirSync(folder)) {
		if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
		const file = path.join(folder, name);
		const source = parse(file, fs.readFileSync(file, 'utf8'));
		const exported = new Map<string, Guard>();
		for (const statement of source.statements) {
			if (!isExported(statement)) continue;
			if (ts.isFunctionDeclaration(statement) && statement.name) {
				exported.set(statement.name.text, { async: isAsync(statement) });
			}
			if (ts.isVariableStatement(statement)) {
				for (const declaration of statement.declarationList.declarations) {
					const value = declaration.initializer && unwrap(declaration.initializer);
					if (ts.isIdentifier(declaration.name) && value && isFunctionLike(value))
						exported.set(declaration.name.text, { async: isAsync(value) });
				}
			}
		}
		const moduleGuards = new Map([...exported].filter(([name]) => name.startsWith('require')));
		if (moduleGuards.size > 0) guards.set(file.replace(/\.ts$/, ''), moduleGuards);
	}
	return guards;
}

function unwrap(expression: ts.Expression): ts.Expression {
	while (
		ts.isParenthesizedExpression(expression) ||
		ts.isAsExpression(expression) ||
		ts.isSatisfiesExpression(expression) ||
		ts.isNonNullExpression(expression)
	)
		expression = expression.expression;
	return expression;
}

function isFunctionLike(node: ts.Node): node is ts.ArrowFunction | ts.FunctionExpression {
	return ts.isArrowFunction(node) || ts.isFunctionExpression(node);
}

/** Where an import points, as a path without extension; null for packages. */
function importedModule(fromFile: string, specifier: string): string | null {
	if (specifier.startsWith('$lib/'))
		return path.join(root, 'src/lib', specifier.slice(5)).replace(/\.(ts|js)$/, '');
	if (specifier.startsWith('.'))
		return path.resolve(path.dirname(fromFile), specifier).replace(/\.(ts|js)$/, '');
	return null;
}

interface Unguarded {
	file: string;
	/** `load`, `actions.save`, `POST`. */
	name: string;
	reason: string;
}

/** Every load, action and handler of one route file that does not begin with an access check. */
function checkRouteFile(
	file: string,
	text: string,
	guards: Guards
): { checked: string[]; problems: Unguarded[] } {
	const source = parse(file, text);
	const relative = path.relative(root, file).split(path.sep).join('/');

	// Local names that are guards: `requireX` imported from the access folder, or a namespace of it.
	const guardNames = new Map<string, Guard>();
	const guardNamespaces = new Map<string, Map<string, Guard>>();
	const localFunctions = new Map<string, ts.FunctionLikeDeclaration>();
	for (const statement of source.statements) {
		if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
			const module = importedModule(file, statement.moduleSpecifier.text);
			const moduleGuards = module ? guards.get(module) : undefined;
			const bindings = statement.importClause?.namedBindings;
			if (!moduleGuards || !bindings || statement.importClause?.isTypeOnly) continue;
			if (ts.isNamespaceImport(bindings)) guardNamespaces.set(bindings.name.text, moduleGuards);
			else
				for (const element of bindings.elements) {
					const guard = moduleGuards.get((element.propertyName ?? element.name).text);
					if (guard && !element.isTypeOnly) guardNames.set(element.name.text, guard);
				}
		}
		if (ts.isFunctionDeclaration(statement) && statement.name && statement.body)
			localFunctions.set(statement.name.text, statement);
		if (ts.isVariableStatement(statement))
			for (const declaration of statement.declarationList.declarations) {
				const value = declaration.initializer && unwrap(declaration.initializer);
				if (ts.isIdentifier(declaration.name) && value && isFunctionLike(value))
					localFunctions.set(declaration.name.text, value);
			}
	}

	const quote = (node: ts.Node) => {
		const words = node.getText(source).replace(/\s+/g, ' ');
		return words.length > 60 ? `${words.slice(0, 57)}…` : words;
	};

	// A call to a guard, or to a function of this file that itself begins with one.
	const guardCalled = (call: ts.CallExpression, seen: Set<string>): Guard | null => {
		const callee = unwrap(call.expression);
		if (ts.isIdentifier(callee)) {
			const guard = guardNames.get(callee.text);
			if (guard) return guard;
			const helper = localFunctions.get(callee.text);
			if (helper && !seen.has(callee.text) && beginsWithGuard(helper, seen.add(callee.text)))
				return { async: isAsync(helper) };
		}
		if (
			ts.isPropertyAccessExpression(callee) &&
			ts.isIdentifier(callee.expression) &&
			guardNamespaces.has(callee.expression.text)
		)
			return guardNamespaces.get(callee.expression.text)?.get(callee.name.text) ?? null;
		return null;
	};

	const isGuardCall = (expression: ts.Expression, seen: Set<string>): boolean => {
		let inner = unwrap(expression);
		const awaited = ts.isAwaitExpression(inner);
		if (ts.isAwaitExpression(inner)) inner = unwrap(inner.expression);
		if (!ts.isCallExpression(inner)) return false;
		const guard = guardCalled(inner, seen);
		return guard !== null && (awaited || !guard.async);
	};

	// Allowed before the guard: the database and the clock, nothing that reads the request.
	const isSetUp = (statement: ts.Statement): boolean =>
		ts.isVariableStatement(statement) &&
		statement.declarationList.declarations.every((declaration) => {
			const value = declaration.initializer && unwrap(declaration.initializer);
			if (!value) return false;
			const callee = (ts.isCallExpression(value) || ts.isNewExpression(value)) && value.expression;
			if (!callee || !ts.isIdentifier(callee)) return false;
			return ts.isCallExpression(value) ? callee.text === 'appDatabase' : callee.text === 'Date';
		});

	/** What a function does first once set up: the statement, and the expression it runs. */
	const firstStep = (fn: ts.FunctionLikeDeclaration) => {
		if (!fn.body) return null;
		if (!ts.isBlock(fn.body)) return { node: fn.body, expression: fn.body };
		const statement = fn.body.statements.find((candidate) => !isSetUp(candidate));
		if (!statement) return null;
		const expression =
			ts.isExpressionStatement(statement) || ts.isReturnStatement(statement)
				? statement.expression
				: ts.isVariableStatement(statement)
					? statement.declarationList.declarations[0]?.initializer
					: undefined;
		return { node: statement, expression };
	};

	function beginsWithGuard(fn: ts.FunctionLikeDeclaration, seen: Set<string>): boolean {
		const expression = firstStep(fn)?.expression;
		return expression !== undefined && isGuardCall(expression, seen);
	}

	const checked: string[] = [];
	const problems: Unguarded[] = [];
	const check = (name: string, value: ts.Node | undefined) => {
		checked.push(name);
		let fn: ts.FunctionLikeDeclaration | undefined;
		if (value && ts.isIdentifier(value)) fn = localFunctions.get(value.text);
		else if (value && (isFunctionLike(value) || ts.isFunctionDeclaration(value))) fn = value;
		else if (value && ts.isMethodDeclaration(value)) fn = value;
		if (!fn) {
			problems.push({ file: relative, name, reason: 'is not a function this check can read' });
			return;
		}
		if (beginsWithGuard(fn, new Set())) return;
		const first = firstStep(fn);
		let called = first?.expression && unwrap(first.expression);
		if (called && ts.isAwaitExpression(called)) called = unwrap(called.expression);
		const helper =
			called && ts.isCallExpression(called) && ts.isIdentifier(called.expression)
				? called.expression.text
				: null;
		problems.push({
			file: relative,
			name,
			reason: !first
				? 'is empty: it checks no access'
				: helper && localFunctions.has(helper)
					? `begins with \`${quote(first.node)}\`, and ${helper}() does not begin with an access check`
					: `begins with \`${quote(first.node)}\`, not an access check`
		});
	};

	for (const statement of source.statements) {
		if (ts.isFunctionDeclaration(statement) && isExported(statement) && statement.name) {
			if (HANDLERS.has(statement.name.text)) check(statement.name.text, statement);
		}
		if (ts.isVariableStatement(statement) && isExported(statement)) {
			for (const declaration of statement.declarationList.declarations) {
				if (!ts.isIdentifier(declaration.name)) continue;
				const name = declaration.name.text;
				const value = declaration.initializer && unwrap(declaration.initializer);
				if (HANDLERS.has(name)) check(name, value);
				if (name !== 'actions') continue;
				if (!value || !ts.isObjectLiteralExpression(value)) {
					problems.push({
						file: relative,
						name,
						reason: 'is not an object of actions this check can read'
					});
					continue;
				}
				for (const property of value.properties) {
					const action = `actions.${property.name ? quote(property.name) : quote(property)}`;
					if (ts.isPropertyAssignment(property)) check(action, unwrap(property.initializer));
					else if (ts.isShorthandPropertyAssignment(property)) check(action, property.name);
					else check(action, property);
				}
			}
		}
		// `export { something as load }`: not a shape the checks above can follow.
		if (ts.isExportDeclaration(statement) && statement.exportClause) {
			if (ts.isNamedExports(statement.exportClause))
				for (const element of statement.exportClause.elements)
					if (HANDLERS.has(element.name.text) || element.name.text === 'actions')
						problems.push({
							file: relative,
							name: element.name.text,
							reason: 'is re-exported; define it in the route file, beginning with a guard'
						});
		}
	}
	return { checked, problems };
}

function routeFiles(): string[] {
	return (fs.readdirSync(routesFolder, { recursive: true }) as string[])
		.filter((name) => /(^|[/\\])\+(page\.server|layout\.server|server)\.(ts|js)$/.test(name))
		.map((name) => path.join('src/routes', name).split(path.sep).join('/'))
		.sort();
}

const guards = readGuards(accessFolder);

describe('every route begins with an access check', () => {
	it('finds the guards by reading what the access folder exports', () => {
		const names = [...guards.values()].flatMap((moduleGuards) => [...moduleGuards.keys()]);
		expect(names).toEqual(
			expect.arrayContaining([
				'requireUser',
				'requireTherapist',
				'requireTherapistCouple',
				'requireTherapistSession',
				'requireTherapistAssignment',
				'requirePartner',
				'requirePartnerWorksheet'
			])
		);
	});

	it('in every load, action and handler of every route file not open to everyone', () => {
		const files = routeFiles().filter((file) => !(file in OPEN_TO_EVERYONE));
		expect(files.length).toBeGreaterThan(15);
		const results = files.map((file) => ({
			file,
			...checkRouteFile(
				path.join(root, file),
				fs.readFileSync(path.join(root, file), 'utf8'),
				guards
			)
		}));
		// A route file with nothing found in it would pass unread.
		expect(results.filter(({ checked }) => checked.length === 0).map(({ file }) => file)).toEqual(
			[]
		);
		const problems = results
			.flatMap((result) => result.problems)
			.map((problem) => `${problem.file} › ${problem.name} ${problem.reason}`);
		expect(problems).toEqual([]);
	});

	it('keeps the list of routes open to everyone to files that still exist', () => {
		const files = routeFiles();
		const gone = Object.keys(OPEN_TO_EVERYONE).filter((file) => !files.includes(file));
		expect(gone, 'remove these from OPEN_TO_EVERYONE').toEqual([]);
	});

	describe('and the check can fail', () => {
		const file = path.join(routesFolder, '(therapist)/example/+page.server.ts');
		const imports = `
			import { appDatabase } from '$lib/server/database/app-database';
			import { readForm } from '$lib/server/http/form';
			import { requireTherapist } from '$lib/server/access/therapist';
			import { requireUser as signedIn } from '$lib/server/access/signed-in';
			import * as access from '$lib/server/access/partner';
		`;
		const problemsIn = (code: string) =>
			checkRouteFile(file, imports + code, guards).problems.map(
				({ name, reason }) => `${name} ${reason}`
			);

		it('names an unguarded load', () => {
			expect(
				problemsIn(`export const load = async (event) => {
					const db = appDatabase();
					return { couples: await db.selectFrom('couples').selectAll().execute() };
				};`)
			).toEqual([
				"load begins with `return { couples: await db.selectFrom('couples').selectAl…`, not an access check"
			]);
		});

		it('names an action that reads the form first, a handler left empty and one re-exported', () => {
			expect(
				problemsIn(`
					async function save(event) {
						const form = await readForm(event.request);
						await requireTherapist(event, appDatabase());
					}
					export const actions = { save, remove: async () => {} };
					export async function POST() {}
					export { save as GET };
				`)
			).toEqual([
				'actions.save begins with `const form = await readForm(event.request);`, not an access check',
				'actions.remove is empty: it checks no access',
				'POST is empty: it checks no access',
				'GET is re-exported; define it in the route file, beginning with a guard'
			]);
		});

		it('does not count an async guard left unawaited, nor a function that only shares its name', () => {
			expect(
				problemsIn(`
					function requirePartner() {}
					export const load = (event) => {
						requireTherapist(event, appDatabase());
					};
					export const GET = async (event) => requirePartner(event);
				`)
			).toEqual([
				'load begins with `requireTherapist(event, appDatabase());`, not an access check',
				'GET begins with `requirePartner(event)`, and requirePartner() does not begin with an access check'
			]);
		});

		it('does not count a helper that does not itself begin with a guard', () => {
			expect(
				problemsIn(`
					async function posted(event) {
						const form = await readForm(event.request);
						await requireTherapist(event, appDatabase());
						return form;
					}
					export const actions = { default: async (event) => { await posted(event); } };
				`)
			).toEqual([
				'actions.default begins with `await posted(event);`, and posted() does not begin with an access check'
			]);
		});

		it('accepts a guard after the database and the clock, in a helper, aliased or by namespace', () => {
			expect(
				problemsIn(`
					async function posted(event, db) {
						const therapist = await requireTherapist(event, db);
						return { therapist, form: await readForm(event.request) };
					}
					export const load = async (event) => {
						const db = appDatabase();
						const now = new Date();
						const { partner } = await access.requirePartnerWorksheet(event, db, now);
						return { partner };
					};
					export const actions = {
						save: async (event) => {
							const db = appDatabase();
							const { form } = await posted(event, db);
						},
						async rename(event) { signedIn(event); }
					};
					export const GET = async (event) => await access.requirePartner(event, appDatabase());
				`)
			).toEqual([]);
		});
	});
});
