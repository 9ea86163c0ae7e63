/**
 * Who is who in a chaos run: three entities, each with one X channel on the same emulator.
 * - backlog: the big channel (a backlog of mentions plus new ones arriving), where workers are killed;
 * - control: a steady trickle, whose newest mention being stored is the sign polling works again;
 * - victim: the channel that receives the 429 with a reset ten years ahead.
 */
export const ACCOUNTS = {
  backlog: { userId: '1001', handle: 'delijn', token: 'chaos-backlog-token', entity: 'de-lijn', channel: 'delijn-x', name: 'De Lijn' },
  control: { userId: '2002', handle: 'vdab', token: 'chaos-control-token', entity: 'vdab', channel: 'vdab-x', name: 'VDAB' },
  victim: { userId: '3003', handle: 'lantis', token: 'chaos-victim-token', entity: 'lantis', channel: 'lantis-x', name: 'Lantis' },
} as const;

export type AccountName = keyof typeof ACCOUNTS;

export const WEBHOOK_SECRET = 'chaos-webhook-secret-0123456789';

/** Routed as a complaint by the classifier (`npx tsx src/cli.ts classify "..."`: complaint, 100%). */
export function complaintText(handle: string, n: number): string {
  return `@${handle} ik wil een klacht indienen over de chauffeur van lijn ${n % 90} op rit ${n}`;
}

export function questionText(handle: string, n: number): string {
  return `@${handle} vraagje ${n}: rijdt lijn ${n % 90} vandaag?`;
}

/** The entities file the inbox processes read (INBOX_CONFIG). */
export function entitiesYaml(emulatorUrl: string, webhookUrl: string): string {
  const lines = ['entities:'];
  for (const a of Object.values(ACCOUNTS)) {
    lines.push(
      `  - id: ${a.entity}`,
      `    name: ${a.name}`,
      `    coordinator: { name: Klachtendienst ${a.name}, email: klachten@${a.entity}.test }`,
      '    complaintThreshold: 0.6',
      '    complaintIntake: { auto: true, mode: ask_details }',
      // opted in to automatic sending, so the intake replies load the outbound path under faults
      '    autoSend: { enabled: true, minConfidence: 0.5 }',
      `    complaintWebhook: { url: "${webhookUrl}", secret: ${WEBHOOK_SECRET} }`,
      '    channels:',
      `      - id: ${a.channel}`,
      '        platform: x',
      `        account: { userId: "${a.userId}", handle: ${a.handle} }`,
      `        baseUrl: ${emulatorUrl}`,
      `        credentials: { bearerToken: ${a.token}, userAccessToken: ${a.token} }`,
      '        pollIntervalSeconds: 1',
    );
  }
  return `${lines.join('\n')}\n`;
}
