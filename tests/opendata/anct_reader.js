// Reads a LaMednum CSV (path as first argument) through the ANCT reader
// (@gouvfr-anct/lieux-de-mediation-numerique) and prints one JSON line per rejected row:
// {"line": <row's first line>, "id": ..., "error": ...}. Exit 0 whatever it finds.
'use strict';
const fs = require('fs');
const path = require('path');
const reader = require(path.join(__dirname, '..', '..', 'node_modules', '@gouvfr-anct', 'lieux-de-mediation-numerique'));

// RFC 4180: quoted cells may hold commas, quotes ("") and line breaks.
function* rows(text) {
  let row = [], cell = '', quoted = false, line = 1, start = 1;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 1; }
      else if (c === '"') quoted = false;
      else { if (c === '\n') line += 1; cell += c; }
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(cell);
      yield [start, row];
      row = []; cell = ''; line += 1; start = line;
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); yield [start, row]; }
}

const text = fs.readFileSync(process.argv[2], 'utf8').replace(/^\uFEFF/u, '');
let header = null;
for (const [line, cells] of rows(text)) {
  if (header === null) { header = cells; continue; }
  const item = {};
  header.forEach((name, index) => {
    if (cells[index] !== undefined && cells[index] !== '') item[name] = cells[index];
  });
  for (const name of ['latitude', 'longitude']) if (name in item) item[name] = Number(item[name]);
  try {
    reader.fromSchemaLieuDeMediationNumerique(item);
  } catch (error) {
    const message = `${error.name}: ${error.message}`;
    console.log(JSON.stringify({ line, id: item.id || '', error: message }));
  }
}
