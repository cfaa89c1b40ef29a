// Small helpers shared by this folder's tests.

/** The `code` of the error `action` throws, or undefined if it does not throw. */
export function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

/** The error `action` throws; fails the test if it does not throw. */
export function errorOf(action: () => unknown): Error & { code?: string } {
  try {
    action();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected the call to throw');
}

/** The settings every property test here runs with: a fixed seed, so failures replay. */
export const FIXED = { seed: 20250101 } as const;
