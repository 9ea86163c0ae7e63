/** Opens another ticket through the app's router (it listens to popstate) without reloading the page. */
export function openTicket(id: number): void {
  window.history.pushState(null, '', `/tickets/${id}`);
  window.dispatchEvent(new PopStateEvent('popstate'));
}
