/** Reading whole mails by UID, as the poller (connector.ts) and the backfill (history.ts) both do. */
import type { ImapFlow } from 'imapflow';

export interface FetchedMail {
  uid: number;
  source?: Buffer;
  internalDate?: Date;
  size?: number;
}

/** The mails of these UIDs in the open mailbox (BODY.PEEK[], so none is marked read), oldest UID first. */
export async function fetchMails(client: ImapFlow, uids: number[]): Promise<FetchedMail[]> {
  const fetched: FetchedMail[] = [];
  for await (const m of client.fetch(uids.join(','), { uid: true, source: true, internalDate: true, size: true }, { uid: true })) {
    const entry: FetchedMail = { uid: m.uid };
    if (m.source) entry.source = m.source;
    if (m.internalDate instanceof Date) entry.internalDate = m.internalDate;
    else if (typeof m.internalDate === 'string') entry.internalDate = new Date(m.internalDate);
    if (typeof m.size === 'number') entry.size = m.size;
    fetched.push(entry);
  }
  return fetched.sort((a, b) => a.uid - b.uid);
}
