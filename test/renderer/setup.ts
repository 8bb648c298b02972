// Setup for the renderer's component tests (jsdom): jest-dom matchers, and a roomier timeout because the
// machines running these tests are shared (the tests assert behaviour, never timing).
import '@testing-library/jest-dom/vitest';

vi.setConfig({ testTimeout: 20_000 });

afterEach(() => localStorage.clear());
