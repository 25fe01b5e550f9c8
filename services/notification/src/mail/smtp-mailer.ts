import nodemailer from 'nodemailer';
import type { SmtpFailure } from '../domain/delivery';
import type { NotificationConfig } from '../config';

export interface OutgoingMail {
  messageId: string;
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export type SendResult = { ok: true; smtpResponse: string } | { ok: false; failure: SmtpFailure };

export interface Mailer {
  send(mail: OutgoingMail): Promise<SendResult>;
  close(): void;
}

/**
 * nodemailer over one SMTP connection pool. UTF-8 bodies (quoted-printable or
 * base64 as nodemailer picks) and RFC 2047 encoded subject and names: what
 * Japanese mail clients read today.
 */
export class SmtpMailer implements Mailer {
  private readonly transport: ReturnType<typeof nodemailer.createTransport>;

  constructor(private readonly config: NotificationConfig) {
    this.transport = nodemailer.createTransport({
      pool: true,
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      secure: config.SMTP_SECURE,
      requireTLS: config.SMTP_REQUIRE_TLS,
      auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } : undefined,
      maxConnections: config.SMTP_MAX_CONNECTIONS,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(mail: OutgoingMail): Promise<SendResult> {
    try {
      const info = await this.transport.sendMail({
        from: this.config.MAIL_FROM,
        to: { name: mail.to.name, address: mail.to.address },
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<${mail.messageId}@kessai.notification>`,
        headers: mail.headers,
        textEncoding: 'base64',
      });
      return { ok: true, smtpResponse: String(info.response ?? '') };
    } catch (err) {
      const e = err as { responseCode?: number; code?: string; response?: string; message?: string };
      return { ok: false, failure: { responseCode: e.responseCode, code: e.code, message: e.response ?? e.message ?? String(err) } };
    }
  }

  close(): void {
    this.transport.close();
  }
}
