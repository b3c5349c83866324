const STORED = 'clinicdesk.displayToken';

/**
 * The screen's token: from the link the front desk gave (`/display?token=…`), kept on this
 * device so that the screen still works after a reload, and taken out of the address bar at
 * once, so that a TV showing its address bar never shows the secret to the waiting room.
 */
export function takeDisplayToken(): string | undefined {
  const url = new URL(window.location.href);
  const fromLink = url.searchParams.get('token');
  if (fromLink) {
    localStorage.setItem(STORED, fromLink);
    url.searchParams.delete('token');
    window.history.replaceState(
      window.history.state,
      '',
      `${url.pathname}${url.search}${url.hash}`,
    );
    return fromLink;
  }
  return localStorage.getItem(STORED) ?? undefined;
}

/** A refused token is of no more use: the next link replaces it anyway. */
export function forgetDisplayToken(): void {
  localStorage.removeItem(STORED);
}
