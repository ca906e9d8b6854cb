/** npm's `postpack` for keel: the workspace's package.json back in place, and `dist/` gone (decision record 0015). */
import { removeDist, restoreWorkspaceManifest } from './workspace-manifest.ts';

await restoreWorkspaceManifest();
await removeDist();
