// The one rule for packaging the .vsix, for `npm run package` and the package check of `npm test`.

/** What a marketplace release needs in package.json beyond what a .vsix to install by hand needs. */
export const RELEASE_FIELDS = ['repository', 'bugs', 'homepage'];

/**
 * vsce's arguments for package.json `pkg`. With the release fields, none of vsce's allowances: relative
 * links in the READMEs are rewritten against the repository, as a marketplace page needs. Without them, the
 * .vsix is one to install by hand: vsce is told the repository is missing and to leave links as they are.
 */
export function vscePackage(pkg, { out, preRelease = false }) {
  const missing = RELEASE_FIELDS.filter((k) => !pkg[k]);
  const args = ['package', '--no-dependencies', '-o', out];
  if (preRelease) args.push('--pre-release');
  if (missing.length > 0) args.push('--allow-missing-repository', '--no-rewrite-relative-links');
  return { args, missing };
}

/** What vsce said that a release must not have: its warnings (a missing field, a file it would leave out…). */
export function vsceWarnings(output) {
  return output.split('\n').filter((l) => /\bWARNING\b|\bwarn(ing)?:/i.test(l));
}
