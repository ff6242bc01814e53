// validate.js: check a CycloneDX 1.5 JSON document against the spec's
// strict JSON schema (no properties the spec does not define), with the
// CycloneDX library's own validator. Prints "valid" or the schema errors,
// one a line; exits 0 when valid, 1 when not, 2 on a usage or I/O error.
//
//   node validate.js FILE.cdx.json
'use strict';
const fs = require('fs');
const { Spec, Validation } = require('@cyclonedx/cyclonedx-library');

async function main(argv) {
	if (argv.length !== 1) {
		console.error('usage: node validate.js FILE.cdx.json');
		return 2;
	}
	let text;
	try {
		text = fs.readFileSync(argv[0], 'utf8');
	} catch (e) {
		console.error(`validate.js: ${argv[0]}: ${e.message}`);
		return 2;
	}
	const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot5);
	// The validator parses the text itself: a syntax error throws.
	let errors;
	try {
		errors = await validator.validate(text);
	} catch (e) {
		console.error(`validate.js: ${argv[0]}: ${e.message}`);
		return 1;
	}
	if (errors === null) {
		console.log(`${argv[0]}: valid CycloneDX ${Spec.Version.v1dot5} (JSON, strict)`);
		return 0;
	}
	// One line per error: where, and what the schema wants (the whole list
	// of SPDX ids an enum allows is left out).
	console.log(`${argv[0]}: invalid CycloneDX ${Spec.Version.v1dot5}:`);
	for (const e of errors) {
		console.log(`  ${e.instancePath || '/'}: ${e.message} (${e.schemaPath})`);
	}
	return 1;
}

main(process.argv.slice(2)).then((status) => { process.exitCode = status; });
