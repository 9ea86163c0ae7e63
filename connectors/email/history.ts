/**
 * E-mail history for a backfill: `UID SEARCH SINCE <day> BEFORE <day>` on INBOX (IMAP compares
 * dates only, in the server's time zone, so the search is a day wider on each side and each mail's
 * INTERNALDATE decides), then the found UIDs oldest first, `pageSize` a page, each mail read as
 * polling reads it (BODY.PEEK[], the same item), so a backfilled mail is the polled one.
 *
 * How far back: everything still in INBOX (mails moved to other folders or deleted are not read).
 *
 * Cursor: { uidValidity, afterUid } — the search is repeated each page and continues above afterUid;
 * a changed UIDVALIDITY starts again from the lowest UID (ingest drops what it holds by Message-ID).
 */
import type { ImapFlow } from 'imapflow';
import { placeIn } from '../history-window.js';
import { str } from '../payload.js';
import type { ChannelContext, Cursor, FetchResult, HistoryWindow, RawItem } from '../types.js';
import { toImapError } from './errors.js';
import { fetchMails, type FetchedMail } from './fetch-mails.js';

const DAY_MS = 86_400_000;

export interface EmailHistoryDeps {
  imapClient(channel: ChannelContext): ImapFlow;
  release(client: ImapFlow): Promise<void>;
  itemOf(m: FetchedMail, uidValidity: string): Promise<RawItem>;
  pageSize: number;
  mailbox: string;
}

export async function emailHistory(deps: EmailHistoryDeps, channel: ChannelContext, window: HistoryWindow, cursor: Cursor | null): Promise<FetchResult> {
  const client = deps.imapClient(channel);
  try {
    await client.connect();
    const box = await client.mailboxOpen(deps.mailbox, { readOnly: true });
    const uidValidity = String(box.uidValidity);
    const afterUid = str(cursor?.uidValidity) === uidValidity && typeof cursor?.afterUid === 'number' ? cursor.afterUid : 0;
    const found = box.exists === 0 ? [] : await client.search({ since: new Date(window.since.getTime() - DAY_MS), before: new Date(window.until.getTime() + DAY_MS) }, { uid: true });
    const uids = (found || []).filter((uid) => uid > afterUid).sort((a, b) => a - b);
    const page = uids.slice(0, deps.pageSize);
    if (page.length === 0) return { items: [], cursor: { uidValidity, afterUid }, more: false };
    const fetched = await fetchMails(client, page);
    const items: RawItem[] = [];
    for (const m of fetched) if (placeIn(m.internalDate, window) === 'inside') items.push(await deps.itemOf(m, uidValidity));
    return { items, cursor: { uidValidity, afterUid: page[page.length - 1]! }, more: uids.length > page.length };
  } catch (err) {
    throw toImapError(err, 'backfill');
  } finally {
    await deps.release(client);
  }
}
