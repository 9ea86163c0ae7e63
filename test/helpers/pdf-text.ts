/**
 * Reading PDFs back in tests: the text of every page (pdfjs-dist's legacy build, which runs on
 * Node 20), and the number of pages. Loaded with a dynamic import so Jest's native ESM mode takes
 * the package's .mjs file as it is (no transform).
 */

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let loading: Promise<PdfJs> | undefined;

function pdfjs(): Promise<PdfJs> {
  loading ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return loading;
}

async function open(bytes: Uint8Array) {
  const { getDocument } = await pdfjs();
  // pdfjs takes ownership of (detaches) the buffer it is given: pass a copy.
  return getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
}

/**
 * All pages' text, page after page, joined with newlines. Within a page, text items on one
 * line (same baseline) are joined as pdfjs reports them; a new baseline starts a new line.
 */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await open(bytes);
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) pages.push(await pageText(await doc.getPage(n)));
    return pages.join('\n');
  } finally {
    await doc.destroy();
  }
}

/** Each page's text separately (index 0: page 1). */
export async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const doc = await open(bytes);
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) pages.push(await pageText(await doc.getPage(n)));
    return pages;
  } finally {
    await doc.destroy();
  }
}

export async function pdfPageCount(bytes: Uint8Array): Promise<number> {
  const doc = await open(bytes);
  try {
    return doc.numPages;
  } finally {
    await doc.destroy();
  }
}

/** The document's info dictionary (Title, Author, Language …) as pdfjs reads it. */
export async function pdfInfo(bytes: Uint8Array): Promise<Record<string, unknown>> {
  const doc = await open(bytes);
  try {
    const { info } = await doc.getMetadata();
    return info as Record<string, unknown>;
  } finally {
    await doc.destroy();
  }
}

type Page = Awaited<ReturnType<Awaited<ReturnType<typeof open>>['getPage']>>;

async function pageText(page: Page): Promise<string> {
  const content = await page.getTextContent();
  const lines: string[] = [];
  let line = '';
  let baseline: number | undefined;
  for (const item of content.items) {
    if (!('str' in item)) continue;
    const y = item.transform[5] as number;
    if (baseline !== undefined && Math.abs(y - baseline) > 1) {
      lines.push(line);
      line = '';
    } else if (line && item.str && !line.endsWith(' ') && !item.str.startsWith(' ')) {
      line += ' ';
    }
    line += item.str;
    baseline = y;
    if (item.hasEOL) {
      lines.push(line);
      line = '';
      baseline = undefined;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean).join('\n');
}
