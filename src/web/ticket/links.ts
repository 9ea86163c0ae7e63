/** Links that come from the platforms (permalinks, attachments): only http(s) reaches an href. */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

export interface AttachmentLink {
  href: string;
  /** image, video, audio, file… as the platform names it. */
  type: string;
  /** 1-based among attachments of the same type, for a readable link text. */
  number: number;
}

/** A message's attachments as links; those without a usable address are left out. */
export function attachmentLinks(attachments: ReadonlyArray<{ type?: unknown; url?: unknown }> | undefined): AttachmentLink[] {
  const counts = new Map<string, number>();
  const links: AttachmentLink[] = [];
  for (const attachment of attachments ?? []) {
    const href = safeHttpUrl(typeof attachment.url === 'string' ? attachment.url : null);
    if (!href) continue;
    const type = typeof attachment.type === 'string' && attachment.type ? attachment.type : 'file';
    const number = (counts.get(type) ?? 0) + 1;
    counts.set(type, number);
    links.push({ href, type, number });
  }
  return links;
}
