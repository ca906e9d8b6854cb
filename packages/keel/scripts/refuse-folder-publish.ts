/**
 * npm's `prepublishOnly` for keel, which runs only for a publish from the folder: npm sends the registry the manifest it
 * reads after `postpack`, the workspace's, whose `bin` and `exports` name TypeScript sources that Node will not run
 * under node_modules. The tarball's manifest is the packed one (decision record 0015).
 */
console.error(
  'keel is published from its tarball: `npm pack --workspace packages/keel`, then `npm publish keel-<version>.tgz`.',
);
process.exit(1);
