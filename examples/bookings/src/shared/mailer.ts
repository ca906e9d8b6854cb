import { createTransport, type Transporter } from 'nodemailer';

/** A message the service sends: sign-in links and invitations, the only mail it sends (architecture.yaml). */
export interface Mail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** The sender of every message, overridable by MAIL_FROM. */
const defaultFrom = 'Bookings <no-reply@bookings.example.com>';

/** Where a message goes when there is no relay: the request's logger. */
export interface MailLog {
  info(details: object, message: string): void;
}

let transport: { readonly url: string; readonly transporter: Transporter } | undefined;

/**
 * Sends a message through the SMTP relay named by SMTP_URL (`smtp://user:pass@relay:587`, `smtps://…`). Without
 * SMTP_URL (development), the message is written to the log instead, so the sign-in link can be copied from there.
 * SMTP_URL is read at each send, so a test can point it at its own in-process server.
 */
export async function sendMail(mail: Mail, log: MailLog): Promise<void> {
  const url = process.env['SMTP_URL'];
  if (url === undefined || url === '') {
    log.info({ mail }, `SMTP_URL is not set: not sending "${mail.subject}" to ${mail.to}; its text follows`);
    return;
  }
  if (transport?.url !== url) {
    transport?.transporter.close();
    transport = { url, transporter: createTransport(url) };
  }
  await transport.transporter.sendMail({ from: process.env['MAIL_FROM'] ?? defaultFrom, ...mail });
}

/** Where the links in messages point: the members' app, APP_URL (by default the production one). */
export function appUrl(path: string): string {
  return new URL(path, process.env['APP_URL'] ?? 'https://bookings.example.com').toString();
}
