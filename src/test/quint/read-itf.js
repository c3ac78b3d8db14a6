// Reads ITF traces with Quint's own ITF reader (ofItf, in the npm package @informalsystems/quint)
// and prints one line per file; a file Quint cannot read makes it exit non-zero with Quint's error.
// Usage: node read-itf.js QUINT_PREFIX FILE... (QUINT_PREFIX holds node_modules/@informalsystems/quint)
const fs = require('fs');
const path = require('path');
const { ofItf } = require(path.join(path.resolve(process.argv[2]), 'node_modules/@informalsystems/quint/dist/src/itf.js'));
for (const file of process.argv.slice(3)) {
  const trace = JSON.parse(fs.readFileSync(file, 'utf8'));
  const states = ofItf(trace);
  if (states.length !== trace.states.length) throw new Error(file + ': Quint read ' + states.length + ' states');
  console.log(file + ': ' + states.length + ' states read by Quint');
}
