// Validate instances against the shipped JSON Schemas with ajv, in its default strict mode.
//
// Usage: node validate.js SCHEMA_DIR CASES_JSON
// CASES_JSON holds [{"schema": NAME, "data": ...}, ...]. Prints one JSON object:
// {"compiled": [names], "warnings": [texts], "results": [{"valid": bool, "errors": [...]}]}.
// Any warning ajv logs (strict types, say) is reported, so the test can refuse it.
"use strict";
const fs = require("fs");
const path = require("path");
const Ajv2020 = require("ajv/dist/2020");

const [schemaDir, casesPath] = process.argv.slice(2);
const warnings = [];
const logger = {
  log: (...args) => warnings.push(args.join(" ")),
  warn: (...args) => warnings.push(args.join(" ")),
  error: (...args) => warnings.push(args.join(" ")),
};
const ajv = new Ajv2020({ logger }); // every other option at its default: strict mode on
const ids = {};
for (const file of fs.readdirSync(schemaDir).sort()) {
  if (!file.endsWith(".schema.json")) continue;
  const schema = JSON.parse(fs.readFileSync(path.join(schemaDir, file), "utf8"));
  ajv.addSchema(schema);
  ids[file.replace(/\.schema\.json$/, "")] = schema.$id;
}
const compiled = Object.keys(ids).filter((name) => ajv.getSchema(ids[name]));
const results = JSON.parse(fs.readFileSync(casesPath, "utf8")).map(({ schema, data }) => {
  const validate = ajv.getSchema(ids[schema]);
  const valid = validate(data);
  return { valid, errors: validate.errors || [] };
});
process.stdout.write(JSON.stringify({ compiled, warnings, results }) + "\n");
