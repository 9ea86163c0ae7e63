/**
 * Files the platform emulators serve as attachments (tests and demo mode): a small PNG per name
 * (a soft landscape in colours of its own, so thumbnails differ), a one-page PDF, and short
 * placeholder bytes for audio and video. Generated in memory; nothing on disk.
 */
import type http from 'node:http';
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A width×height RGB PNG: sky, a sun and hills, coloured from `name`. */
export function demoPng(name: string, width = 96, height = 72): Buffer {
  const h = createHash('sha256').update(name).digest();
  const sky = [120 + (h[0]! % 100), 160 + (h[1]! % 80), 200 + (h[2]! % 55)];
  const hill = [40 + (h[3]! % 80), 110 + (h[4]! % 100), 50 + (h[5]! % 60)];
  const sun = [240, 200 + (h[6]! % 50), 80];
  const sunX = width * (0.2 + (h[7]! % 60) / 100);
  const sunY = height * 0.3;
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const ground = height * (0.62 + 0.12 * Math.sin((x / width) * Math.PI * 2 + (h[8]! % 7)));
      const inSun = (x - sunX) ** 2 + (y - sunY) ** 2 < (height * 0.12) ** 2;
      const c = y > ground ? hill : inSun ? sun : sky;
      const shade = y > ground ? 1 - (y - ground) / height / 2 : 1;
      row[1 + x * 3] = Math.round(c[0]! * shade);
      row[2 + x * 3] = Math.round(c[1]! * shade);
      row[3 + x * 3] = Math.round(c[2]! * shade);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A valid one-page PDF saying `title`. */
export function demoPdf(title: string): Buffer {
  const text = title.replace(/[^\x20-\x7e]/g, '?').replace(/([()\\])/g, '\\$1');
  const content = `BT /F1 14 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export interface EmulatorFile {
  body: Buffer;
  contentType: string;
}

/** The bytes an emulator serves for a file of this MIME type (PNG for every image type: what the thumbnails show). */
export function demoFile(name: string, mimeType: string): EmulatorFile {
  const type = mimeType.split(';')[0]!.trim().toLowerCase();
  if (type.startsWith('image/')) return { body: demoPng(name), contentType: 'image/png' };
  if (type === 'application/pdf') return { body: demoPdf(name), contentType: 'application/pdf' };
  return { body: Buffer.from(`demo file ${name}\n`), contentType: type || 'application/octet-stream' };
}

/** `/media/<name>`: the path under which emulators without a media API of their own serve files. */
export const MEDIA_PATH = /^\/media\/([A-Za-z0-9._-]{1,120})$/;

/**
 * Answers GET /media/<name>: a PNG for .png/.jpg names, a PDF for .pdf, else plain bytes; a name
 * starting with `expired-` answers 403 as a CDN does for a URL whose signature expired. The status
 * answered, or undefined when the request is not for a media path.
 */
export function serveMediaPath(req: http.IncomingMessage, res: http.ServerResponse, path: string): number | undefined {
  const match = MEDIA_PATH.exec(path);
  if (!match || (req.method ?? 'GET') !== 'GET') return undefined;
  const name = match[1]!;
  if (name.startsWith('expired-')) {
    res.writeHead(403, { 'content-type': 'text/plain' });
    res.end('URL signature expired');
    return 403;
  }
  const type = /\.pdf$/i.test(name) ? 'application/pdf' : /\.(png|jpe?g|gif|webp)$/i.test(name) ? 'image/png' : 'application/octet-stream';
  const file = demoFile(name, type);
  res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.body.length), 'cache-control': 'max-age=86400' });
  res.end(file.body);
  return 200;
}
