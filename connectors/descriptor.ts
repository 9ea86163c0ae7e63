/**
 * What the system knows about a platform, apart from the code that talks to it: its id and names,
 * the account and credential keys a channel sets, which messages can be answered and how, and how
 * it pushes. Each connectors/<platform>/descriptor.ts exports one; connectors/platforms.ts lists
 * them. Pure data (and one pure function): no I/O, no secrets.
 */

export type MessageKind = 'post' | 'comment' | 'reply' | 'dm' | 'review' | 'email';

export type Visibility = 'public' | 'private';

/**
 * What an entity can do to a citizen's public message on the platform itself: hide it from everyone
 * but its author and their friends (hide, undone by unhide), hold it for review, reject it, publish it
 * again (YouTube's moderation statuses), or delete it where the platform offers nothing milder.
 */
export type ModerationAction = 'hide' | 'unhide' | 'hold' | 'reject' | 'publish' | 'delete';

/** The state of a message on the platform after an action. */
export type ModerationState = 'hidden' | 'visible' | 'held' | 'rejected' | 'deleted';

export interface PlatformDescriptor<Id extends string = string> {
  id: Id;
  /** The one name of the platform, per language (mails, reports, the web app). */
  names: { nl: string; en: string };
  /** Keys of the channel's `account` (the entity's own account on the platform). */
  account: { required: readonly string[]; optional: readonly string[] };
  /**
   * Keys of the channel's `credentials`, none required: a channel may point at an emulator or get
   * its token later, and the poll then says what is missing.
   */
  credentials: readonly string[];
  /** A channel can be connected through the platform's OAuth 2.0 flow (connectors/oauth/platforms.ts) instead of pasting tokens. */
  oauth?: boolean;
  /**
   * False when the platform gives no history back (WhatsApp's Cloud API only pushes): what was not
   * delivered while a channel was down cannot be read again, and the channel's page says so. Absent:
   * polling or reconciliation reads the platform's history after an interruption.
   */
  history?: false;
  /** Names of account or credential keys that only this platform has, per language (the channel form). */
  labels?: Record<string, { nl: string; en: string }>;
  /** Which visibilities a reply to each kind of message can have; a kind not listed cannot be answered. */
  replies: Partial<Record<MessageKind, readonly Visibility[]>>;
  /**
   * Which moderation actions the platform's API allows on each kind of citizen message; a kind not
   * listed (or the field absent) cannot be moderated there. Private messages never can: nothing to hide.
   */
  moderation?: Partial<Record<MessageKind, readonly ModerationAction[]>>;
  /** Limits of a reply where the platform documents them; absent where unknown. */
  limits: {
    /** The longest reply text (public, and private unless privateReplyTextLength says otherwise). */
    replyTextLength?: number;
    /** The longest private message, where it differs (X: 280 for a post, 10,000 for a direct message). */
    privateReplyTextLength?: number;
  };
  /** Present when the platform pushes deliveries to POST /webhooks/:platform/:channelId. */
  webhook?: {
    /** The largest delivery the platform sends, in bytes; a larger body is refused before it is read whole. */
    maxBodyBytes: number;
    /**
     * Platforms whose deliveries for one account arrive at one callback URL (Meta: a Page's feed
     * and Messenger): a delivery for one channel also belongs to the enabled channels of the same
     * entity whose platform is in the same group and whose `account[accountKey]` is the same.
     */
    shared?: { group: string; accountKey: string };
  };
  /**
   * The platform accounts a channel speaks for, as `kind:value` claims. One platform account
   * belongs to one entity: a channel of another entity may not claim it. Pure.
   */
  accountClaims(account: Record<string, string>): string[];
}

/** A `kind:value` claim of a trimmed value; none when the value is empty. */
export function claim(kind: string, value: string | undefined): string[] {
  return value?.trim() ? [`${kind}:${value.trim()}`] : [];
}

/** The platform's reply length limit for this visibility; undefined where it documents none. Pure. */
export function replyTextLimit(descriptor: Pick<PlatformDescriptor, 'limits'>, visibility: Visibility): number | undefined {
  return visibility === 'private' ? (descriptor.limits.privateReplyTextLength ?? descriptor.limits.replyTextLength) : descriptor.limits.replyTextLength;
}
