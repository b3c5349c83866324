import type { BrowserContext } from 'playwright-core';

/**
 * Signs a browser context in through the API, as the sign-in page does (the session and CSRF
 * cookies land in the context): for tests whose subject is another page.
 */
export async function signInContext(
  context: BrowserContext,
  user: { email: string; password: string },
): Promise<void> {
  const response = await context.request.post('/api/v1/auth/login', {
    data: { email: user.email, password: user.password },
  });
  if (response.status() !== 200) {
    throw new Error(`sign-in failed: ${response.status()} ${await response.text()}`);
  }
}
