// Lists every string passed to vscode.l10n.t(...) in src/, and every hint('...') text of src/core/hints.ts (the one
// hint table, which the extension translates at run time): the keys of l10n/bundle.l10n.*.json.
// Usage: node scripts/l10n-strings.mjs            prints the keys as a JSON array
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function l10nStrings() {
  const keys = new Set();
  const walk = (dir) => {
    for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, f.name);
      if (f.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) {
        const src = fs.readFileSync(p, 'utf8');
        for (const m of src.matchAll(/(?:l10n\.t|\bhint)\(\s*(['"])((?:\\.|(?!\1).)*)\1/g)) keys.add(m[2].replace(/\\(['"\\])/g, '$1'));
      }
    }
  };
  walk(path.join(root, 'src'));
  return [...keys].sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(l10nStrings(), null, 1));
