// Fails when a command contributed in package.json is not registered in the sources, when src/core imports
// vscode, when the model (src/core/model/) imports from the rest of core or the webview reaches past it, when a localized string lacks its Simplified Chinese translation, or when a translation clashes
// with the glossary (docs/glossary.zh-CN.md).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { l10nStrings } from './l10n-strings.mjs';
import { glossaryProblems } from './lib/glossary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const problems = [];
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const ids = fs.readFileSync(path.join(root, 'src/host/ids.ts'), 'utf8');
for (const { command } of pkg.contributes.commands) if (!ids.includes(`'${command}'`)) problems.push(`${command} is contributed but not in src/host/ids.ts`);
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
const nlsZh = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.zh-cn.json'), 'utf8'));
for (const k of Object.keys(nls)) if (!(k in nlsZh)) problems.push(`package.nls.zh-cn.json lacks ${k}`);
for (const m of JSON.stringify(pkg).matchAll(/"%([^%"]+)%"/g)) if (!(m[1] in nls)) problems.push(`package.json uses %${m[1]}% but package.nls.json lacks it`);
const bundle = JSON.parse(fs.readFileSync(path.join(root, 'l10n/bundle.l10n.zh-cn.json'), 'utf8'));
for (const s of l10nStrings()) if (!(s in bundle)) problems.push(`l10n/bundle.l10n.zh-cn.json lacks "${s}"`);
const used = new Set(l10nStrings());
for (const k of Object.keys(bundle)) if (!used.has(k)) problems.push(`l10n/bundle.l10n.zh-cn.json translates "${k}", which the sources no longer use`);
const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((f) => (f.isDirectory() ? walk(path.join(d, f.name)) : [path.join(d, f.name)]));
for (const f of [...walk(path.join(root, 'src/core')), ...walk(path.join(root, 'src/cli'))]) {
  if (/from ['"]vscode['"]|require\(['"]vscode['"]\)/.test(fs.readFileSync(f, 'utf8'))) problems.push(`${path.relative(root, f)} imports vscode`);
}
// the model (what a run, an event, a parameter is) stands alone: the webview and the host share it, and it
// imports nothing from the rest of core; the webview and the host–webview protocol take nothing else from core
const relativeImports = (f) =>
  [...fs.readFileSync(f, 'utf8').matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)].map((m) => path.resolve(path.dirname(f), m[1]));
const model = path.join(root, 'src/core/model');
for (const f of walk(model))
  for (const target of relativeImports(f))
    if (path.dirname(target) !== model) problems.push(`${path.relative(root, f)} imports ${path.relative(root, target)}, outside the model`);
for (const f of [...walk(path.join(root, 'src/webview')), ...walk(path.join(root, 'src/shared'))]) {
  for (const target of relativeImports(f)) {
    if (target.startsWith(path.join(root, 'src/core') + path.sep) && path.dirname(target) !== model)
      problems.push(`${path.relative(root, f)} imports ${path.relative(root, target)}: the webview takes only the model from core`);
  }
}
// the glossary's known clashes (docs/glossary.zh-CN.md), over package.nls and the l10n bundle
problems.push(...glossaryProblems('package.nls.zh-cn.json', Object.fromEntries(Object.keys(nlsZh).map((k) => [nls[k] ?? k, nlsZh[k]]))));
problems.push(...glossaryProblems('l10n/bundle.l10n.zh-cn.json', bundle));
for (const p of problems) console.error(`✘ ${p}`);
console.log(
  problems.length
    ? `${problems.length} problem(s)`
    : `commands, translations and layering: ok (${pkg.contributes.commands.length} commands, ${l10nStrings().length} strings)`,
);
process.exit(problems.length ? 1 : 0);
