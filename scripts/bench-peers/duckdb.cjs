// The DuckDB peer of scripts/bench: reads a victims .csv.gz with read_csv
// and counts victims by programme, year, sex and form of exploitation (each
// form of a '|'-separated list counted once), as tip-aggregate does.
// usage: node duckdb.cjs NODE_DIR THREADS FILE.csv.gz PROGRAMME OUT.csv
'use strict';
const path = require('path');
const [nodeDir, threads, file, programme, out] = process.argv.slice(2);
if (!out) {
	process.stderr.write('usage: node duckdb.cjs NODE_DIR THREADS FILE ' +
	    'PROGRAMME OUT\n');
	process.exit(64);
}
const { DuckDBInstance } = require(path.join(nodeDir, 'node_modules',
    '@duckdb', 'node-api'));

// SQL string literal: the arguments come from scripts/bench, but quote anyway.
const lit = (s) => "'" + String(s).replace(/'/g, "''") + "'";

(async () => {
	const db = await DuckDBInstance.create(':memory:', {
		threads: String(threads),
	});
	const con = await db.connect();
	await con.run(
	    'COPY (' +
	    ' SELECT ' + lit(programme) + ' AS programme,' +
	    '  year(date_identified) AS year, sex, form, count(*) AS n' +
	    ' FROM (SELECT date_identified, sex,' +
	    '  unnest(string_split(exploitation, \'|\')) AS form' +
	    '  FROM read_csv(' + lit(file) + ', header = true))' +
	    ' GROUP BY ALL ORDER BY ALL' +
	    ') TO ' + lit(out) + ' (HEADER false)');
	con.closeSync();
	db.closeSync();
})().catch((e) => {
	process.stderr.write('duckdb: ' + e.message + '\n');
	process.exit(70);
});
