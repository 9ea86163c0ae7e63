/**
 * Password guessing, throttled per account *and* client: a client that got an account's password
 * wrong `clientFailures` times in the window is refused for that account, while the account's owner
 * logging in from elsewhere is not (anyone who knows an e-mail address could otherwise lock its owner
 * out). A much higher cap on the account's failures from all clients together stops guessing spread
 * over many addresses. The per-address rate limit of the login route comes on top of both.
 */
export interface LoginThrottle {
  /** Password logins per client IP address per minute, whatever their outcome. */
  perIpPerMinute: number;
  /** Failed logins for one account from one client address within the window. */
  clientFailures: number;
  /** Failed logins for one account from all addresses together within the window. */
  accountFailures: number;
  windowSeconds: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottle = { perIpPerMinute: 10, clientFailures: 5, accountFailures: 50, windowSeconds: 15 * 60 };

export interface LoginFailure {
  at: Date;
  ip: string | null;
}

export interface ThrottleVerdict {
  /** 'client': this address for this account; 'account': the account from everywhere. */
  scope: 'client' | 'account';
  retryAfterSeconds: number;
}

/** Whether a login (or password check) for the account from `ip` must wait; `failures` are the account's within the window, oldest first. */
export function throttleVerdict(throttle: LoginThrottle, failures: readonly LoginFailure[], ip: string, at: Date): ThrottleVerdict | undefined {
  const windowMs = throttle.windowSeconds * 1000;
  const recent = failures.filter((failure) => failure.at.getTime() > at.getTime() - windowMs);
  // Free again once enough of the window's failures have aged out of it.
  const waitFor = (list: readonly LoginFailure[], limit: number): number | undefined => {
    if (list.length < limit) return undefined;
    const freeAt = list[list.length - limit]!.at.getTime() + windowMs;
    return Math.max(1, Math.ceil((freeAt - at.getTime()) / 1000));
  };
  const account = waitFor(recent, throttle.accountFailures);
  const client = waitFor(recent.filter((failure) => failure.ip === ip), throttle.clientFailures);
  if (account !== undefined && (client === undefined || account >= client)) return { scope: 'account', retryAfterSeconds: account };
  return client === undefined ? undefined : { scope: 'client', retryAfterSeconds: client };
}
