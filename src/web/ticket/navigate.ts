/** Opens a page of the app through its router (it listens to popstate) without reloading the page. */
export function openPath(path: string): void {
  window.history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/** Opens another ticket the same way. */
export function openTicket(id: number): void {
  openPath(`/tickets/${id}`);
}
