// Renderer tests on a loaded machine (CI beside other work, a load average of 20 on 2 cores):
// Testing Library's findBy*/waitFor give up after 1 s by default, which a busy machine can spend
// on one Svelte update. They still fail when what they wait for never happens, only later.
import '@testing-library/jest-dom/vitest';
import { configure } from '@testing-library/svelte';

configure({ asyncUtilTimeout: 10_000 });
