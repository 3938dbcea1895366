// Remove the previous build so a renamed or deleted source file leaves nothing stale in the tarball.
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
