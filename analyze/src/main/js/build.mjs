// Bundles charts.js (ECharts' core and the parts the report uses) into one minified script with
// esbuild: dist/echarts-report.min.js, which the analyze build copies into the jar. Run by the
// analyze build after 'npm ci'; the output depends only on the locked packages.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const echarts = JSON.parse(readFileSync('node_modules/echarts/package.json', 'utf8'));

await build({
  entryPoints: ['charts.js'],
  outfile: 'dist/echarts-report.min.js',
  bundle: true,
  format: 'iife',
  globalName: 'echarts',
  minify: true,
  // ECharts' development warnings and checks go when this is "production", as in its own builds.
  define: { 'process.env.NODE_ENV': '"production"' },
  // The licence notices of what is bundled (tslib, zrender) go to the end of the file; ECharts' own
  // files carry theirs unmarked, so it is stated once at the top, as ECharts' prebuilt files do.
  legalComments: 'eof',
  banner: {
    js: `/*! Apache ECharts ${echarts.version}, the parts tcptop's report draws with. Licensed under the Apache`
      + ' License, Version 2.0: http://www.apache.org/licenses/LICENSE-2.0 (LICENSE and NOTICE beside this file). */'
  },
  logLevel: 'warning'
});
