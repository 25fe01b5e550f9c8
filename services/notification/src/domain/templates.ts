import { ValidationError } from '@kessai/platform';
import type { MessageKind } from './channels';

/**
 * Japanese message templates, one per kind: email subject, text and HTML, and
 * the postcard's message side. Merchant-supplied text is inserted as text
 * (escaped in HTML); links must be http(s).
 */
export interface TemplateInput {
  recipientName: string;
  amount: number;
  variables: Record<string, string>;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface PostcardText {
  title: string;
  lines: string[];
  code?: { label: string; value: string };
  link?: string;
}

const REQUIRED: Record<MessageKind, string[]> = {
  payment_number: ['merchant_name', 'payment_number', 'due_date', 'link'],
  payment_reminder: ['merchant_name', 'payment_number', 'due_date', 'link'],
  bill_updated: ['merchant_name', 'payment_number', 'due_date', 'link', 'previous_amount', 'previous_due_date'],
  payment_receipt: ['merchant_name', 'paid_on'],
  remittance_invitation: ['merchant_name', 'registration_code', 'link'],
  remittance_recontact: ['merchant_name', 'registration_code', 'link'],
  test: [],
  console_password_reset: ['link'],
  mandate_mismatches: ['run_on', 'count', 'summary', 'link'],
  remittance_shortfall: ['order_id', 'order_name', 'total_amount', 'link'],
  remittance_results: ['order_id', 'order_name', 'paid_count', 'paid_amount', 'returned_count', 'returned_amount', 'link'],
  statement_fixed: ['statement_id', 'period_start', 'period_close', 'confirmed_collections', 'fees', 'consumption_tax', 'stamp_duty', 'payout_fee', 'payout_amount', 'carried_over', 'payout_date', 'link'],
  invoice_issued: ['invoice_id', 'month', 'due_date', 'account_number'],
  invoice_overdue: ['invoice_id', 'month', 'due_date', 'account_number'],
};

const MAX_VARIABLE_LENGTH = 2_000;

/** Checks the variables a kind needs; names every missing or bad one. */
export function validateVariables(kind: MessageKind, variables: Record<string, string>): void {
  const problems: { field: string; description: string }[] = [];
  for (const name of REQUIRED[kind]) {
    if (!variables[name] || variables[name].trim() === '') problems.push({ field: `variables.${name}`, description: `required for ${kind}` });
  }
  for (const [name, value] of Object.entries(variables)) {
    if (value.length > MAX_VARIABLE_LENGTH) problems.push({ field: `variables.${name}`, description: `at most ${MAX_VARIABLE_LENGTH} characters` });
  }
  for (const name of ['link', 'slip_link']) {
    if (variables[name] && !isHttpUrl(variables[name])) problems.push({ field: `variables.${name}`, description: 'must be an http(s) URL' });
  }
  for (const name of ['previous_amount', 'total_amount', 'paid_amount', 'returned_amount']) {
    if (variables[name] && !/^\d{1,12}$/.test(variables[name])) problems.push({ field: `variables.${name}`, description: 'must be a whole number of yen' });
  }
  for (const name of ['confirmed_collections', 'fees', 'consumption_tax', 'stamp_duty', 'payout_fee', 'payout_amount', 'carried_in', 'carried_over']) {
    if (variables[name] && !/^-?\d{1,12}$/.test(variables[name])) problems.push({ field: `variables.${name}`, description: 'must be a whole number of yen' });
  }
  for (const name of ['paid_count', 'returned_count']) {
    if (variables[name] && !/^\d{1,6}$/.test(variables[name])) problems.push({ field: `variables.${name}`, description: 'must be a whole number' });
  }
  if (problems.length > 0) throw new ValidationError(problems);
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** 12345 -> "12,345円" */
export function formatYen(amount: number): string {
  return `${amount.toLocaleString('ja-JP')}円`;
}

/** 2026-12-24 -> 2026年12月24日 (other text unchanged) */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

type Block = { kind: 'p'; text: string } | { kind: 'field'; label: string; value: string } | { kind: 'link'; label: string; href: string };

interface Template {
  subject: string;
  blocks: Block[];
}

function build(kind: MessageKind, input: TemplateInput): Template {
  const v = input.variables;
  const merchant = v.merchant_name ?? '';
  const note = v.message?.trim() ? [{ kind: 'p' as const, text: `【${merchant}からのメッセージ】\n${v.message.trim()}` }] : [];
  // the hosted payment page (numbers, steps per store, barcode), and the slip when the caller gives its own link
  const payLinks: Block[] = [
    { kind: 'link', label: v.slip_link ? 'お支払い方法の確認（番号・手順・バーコード）' : '払込票の表示・印刷', href: v.link },
    ...(v.slip_link ? [{ kind: 'link' as const, label: '払込票（PDF）の表示・印刷', href: v.slip_link }] : []),
  ];
  const terms: Block[] = [
    { kind: 'field', label: 'お支払い金額', value: formatYen(input.amount) },
    { kind: 'field', label: 'お支払い期限', value: `${formatDate(v.due_date)} 23:59まで` },
    { kind: 'field', label: 'お支払い番号', value: v.payment_number },
  ];
  switch (kind) {
    case 'payment_number':
      return {
        subject: `【${merchant}】コンビニお支払い番号のお知らせ`,
        blocks: [
          { kind: 'p', text: `${merchant}よりご請求がありましたので、コンビニエンスストアでのお支払い番号をお知らせします。` },
          ...terms,
          ...payLinks,
          ...note,
          { kind: 'p', text: '払込票は期限まで何度でも表示・印刷できます。レシートはお支払いの店舗が発行します。' },
        ],
      };
    case 'payment_reminder':
      return {
        subject: `【${merchant}】お支払い期限が近づいています（${formatDate(v.due_date)}まで）`,
        blocks: [
          { kind: 'p', text: `${merchant}からのご請求のお支払い期限が近づいています。期限までにコンビニエンスストアでお支払いください。すでにお支払いの場合は、行き違いですのでご容赦ください。` },
          ...terms,
          ...payLinks,
          ...note,
        ],
      };
    case 'bill_updated':
      return {
        subject: `【${merchant}】ご請求内容が変更されました`,
        blocks: [
          { kind: 'p', text: `${merchant}からのご請求の内容が変更されました。お支払い番号は変わりません。変更後の内容でお支払いください。` },
          { kind: 'field', label: '変更前のお支払い金額', value: formatYen(Number(v.previous_amount)) },
          { kind: 'field', label: '変更前のお支払い期限', value: formatDate(v.previous_due_date) },
          ...terms.map((b) => (b.kind === 'field' && b.label !== 'お支払い番号' ? { ...b, label: `変更後の${b.label}` } : b)),
          ...payLinks,
          ...note,
        ],
      };
    case 'payment_receipt':
      return {
        subject: `【${merchant}】お支払いを確認しました`,
        blocks: [
          { kind: 'p', text: `${merchant}へのコンビニエンスストアでのお支払いを確認しました。ありがとうございました。` },
          { kind: 'field', label: 'お支払い金額', value: formatYen(input.amount) },
          { kind: 'field', label: 'お支払い日', value: formatDate(v.paid_on) },
          { kind: 'p', text: 'このメールはお支払いのお知らせです。正式な領収書は、お支払いの店舗が発行したレシート（領収書）です。' },
        ],
      };
    case 'remittance_invitation':
      return {
        subject: `【${merchant}】ご返金・お支払いの受取口座ご登録のお願い`,
        blocks: [
          { kind: 'p', text: `${merchant}より、あなたへのお振込みのご依頼をお預かりしています。下記のページから受取口座をご登録ください。` },
          { kind: 'field', label: 'お受取金額', value: formatYen(input.amount) },
          { kind: 'field', label: '登録コード', value: v.registration_code },
          { kind: 'link', label: '受取口座の登録', href: v.link },
          ...note,
          { kind: 'p', text: 'ご登録の翌銀行営業日以降にお振込みします。' },
        ],
      };
    case 'remittance_recontact':
      return {
        subject: `【${merchant}】お振込みができませんでした。口座情報のご確認をお願いします`,
        blocks: [
          { kind: 'p', text: `${merchant}からのお振込みが、ご登録の口座情報ではお受け取りいただけませんでした。お手数ですが、下記のページから正しい口座をご登録ください。` },
          { kind: 'field', label: 'お受取金額', value: formatYen(input.amount) },
          { kind: 'field', label: '登録コード', value: v.registration_code },
          { kind: 'link', label: '受取口座の再登録', href: v.link },
          ...note,
        ],
      };
    case 'console_password_reset':
      return {
        subject: '【Kessai】管理画面のパスワード再設定',
        blocks: [
          { kind: 'p', text: `管理画面${merchant ? `（${merchant}）` : ''}のパスワード再設定のお申し込みを受け付けました。下記のページから30分以内に新しいパスワードを設定してください。` },
          ...(v.login_id ? [{ kind: 'field' as const, label: 'ユーザーID', value: v.login_id }] : []),
          { kind: 'link', label: 'パスワードの再設定', href: v.link },
          { kind: 'p', text: 'お心当たりのない場合は、このメールを破棄してください。パスワードは変更されません。' },
        ],
      };
    case 'mandate_mismatches':
      return {
        subject: `【Kessai】口座振替契約の不一致が${v.count}件あります（${v.run_on}）`,
        blocks: [
          { kind: 'p', text: `${v.run_on}朝の照合で、顧客マスタと金融機関の口座振替契約データ（前日分）の不一致が見つかりました。内容をご確認ください。` },
          { kind: 'field', label: '件数', value: v.count },
          { kind: 'field', label: '内訳', value: v.summary },
          { kind: 'link', label: '不一致一覧（API）', href: v.link },
          ...note,
        ],
      };
    case 'remittance_shortfall':
      return {
        subject: `【Kessai】送金依頼の資金が不足しています（${v.order_name}）`,
        blocks: [
          { kind: 'p', text: `送金依頼「${v.order_name}」を承認しましたが、デポジットの利用可能残高が不足しているため、ご入金をお待ちしています。不足額以上をデポジットの入金口座へお振込みいただくと、自動的に手続きを再開します。振込予約（入金予定の登録）をいただくと、不足額に対する入金予定として表示されます。` },
          { kind: 'field', label: '送金依頼', value: v.order_id },
          { kind: 'field', label: '不足額', value: formatYen(input.amount) },
          { kind: 'field', label: '依頼総額', value: formatYen(Number(v.total_amount)) },
          { kind: 'link', label: '送金依頼の状況（API）', href: v.link },
        ],
      };
    case 'remittance_results':
      return {
        subject: `【Kessai】送金依頼の結果のお知らせ（${v.order_name}）`,
        blocks: [
          { kind: 'p', text: `送金依頼「${v.order_name}」のすべての受取人の手続きが終わりました。お振込みできなかった分は、デポジットの利用可能残高に戻っています。` },
          { kind: 'field', label: '送金依頼', value: v.order_id },
          { kind: 'field', label: 'お振込み済み', value: `${v.paid_count}件 ${formatYen(Number(v.paid_amount))}` },
          { kind: 'field', label: '未送金（残高へ返却）', value: `${v.returned_count}件 ${formatYen(Number(v.returned_amount))}` },
          { kind: 'link', label: '受取人ごとの結果（CSV）', href: v.link },
        ],
      };
    case 'statement_fixed':
      return {
        subject: `【Kessai】収納代金のお支払い金額確定のお知らせ（${formatDate(v.period_start)}〜${formatDate(v.period_close)}）`,
        blocks: [
          {
            kind: 'p',
            text: Number(v.payout_amount) > 0
              ? `${formatDate(v.period_start)}〜${formatDate(v.period_close)}分のコンビニ収納代金の精算明細が確定しました。下記の金額を${formatDate(v.payout_date)}にご登録の口座へお振込みします。`
              : `${formatDate(v.period_start)}〜${formatDate(v.period_close)}分のコンビニ収納代金の精算明細が確定しました。今回のお振込みはありません。差額は次回の精算に繰り越します。`,
          },
          { kind: 'field', label: '精算明細', value: v.statement_id },
          { kind: 'field', label: '確報済み収納金額', value: formatYen(Number(v.confirmed_collections)) },
          ...(v.carried_in && v.carried_in !== '0' ? [{ kind: 'field' as const, label: '前回からの繰越', value: formatYen(Number(v.carried_in)) }] : []),
          { kind: 'field', label: '手数料（税抜）', value: formatYen(Number(v.fees)) },
          { kind: 'field', label: '振込手数料（税抜）', value: formatYen(Number(v.payout_fee)) },
          { kind: 'field', label: '消費税（10%）', value: formatYen(Number(v.consumption_tax)) },
          { kind: 'field', label: '印紙税相当額', value: formatYen(Number(v.stamp_duty)) },
          { kind: 'field', label: 'お振込み金額', value: formatYen(Number(v.payout_amount)) },
          ...(Number(v.payout_amount) > 0 ? [{ kind: 'field' as const, label: 'お振込み予定日', value: formatDate(v.payout_date) }] : []),
          ...(v.carried_over !== '0' ? [{ kind: 'field' as const, label: '次回への繰越', value: formatYen(Number(v.carried_over)) }] : []),
          { kind: 'link', label: '精算明細（API）', href: v.link },
        ],
      };
    case 'invoice_issued':
      return {
        subject: `【Kessai】${v.month}分 送金サービス利用料のご請求`,
        blocks: [
          { kind: 'p', text: `${v.month}分の送金サービス利用料（消費税込）をご請求します。お支払期限までに、請求書専用の入金口座へ請求金額ちょうどをお振込みください（デポジットの入金口座とは別の口座です。デポジットから差し引くことはありません）。` },
          { kind: 'field', label: '請求書番号', value: v.invoice_id },
          { kind: 'field', label: 'ご請求金額（税込）', value: formatYen(input.amount) },
          { kind: 'field', label: 'お支払期限', value: v.due_date },
          { kind: 'field', label: 'お振込先（請求書専用口座）', value: v.account_number },
        ],
      };
    case 'invoice_overdue':
      return {
        subject: `【Kessai】送金サービス利用料のお支払期限を過ぎています（${v.month}分）`,
        blocks: [
          { kind: 'p', text: `${v.month}分の送金サービス利用料のお支払いが、お支払期限までに確認できませんでした。請求書専用の入金口座へ請求金額ちょうどをお振込みください。すでにお振込み済みの場合は、行き違いをご容赦ください。` },
          { kind: 'field', label: '請求書番号', value: v.invoice_id },
          { kind: 'field', label: 'ご請求金額（税込）', value: formatYen(input.amount) },
          { kind: 'field', label: 'お支払期限', value: v.due_date },
          { kind: 'field', label: 'お振込先（請求書専用口座）', value: v.account_number },
        ],
      };
    case 'test':
      return {
        subject: `【Kessai】テスト通知${merchant ? `（${merchant}）` : ''}`,
        blocks: [
          { kind: 'p', text: 'これは Kessai 通知サービスのテストメッセージです。日本語が正しく表示されていれば成功です。' },
          ...(input.amount ? [{ kind: 'field' as const, label: '金額', value: formatYen(input.amount) }] : []),
          ...(v.registration_code ? [{ kind: 'field' as const, label: '登録コード', value: v.registration_code }] : []),
          ...(v.link ? [{ kind: 'link' as const, label: 'リンク', href: v.link }] : []),
          ...note,
        ],
      };
  }
}

const FOOTER = 'このメールは送信専用アドレスからお送りしています。お心当たりのない場合は破棄してください。\n決済代行サービス Kessai';

export function renderEmail(kind: MessageKind, input: TemplateInput): RenderedEmail {
  const t = build(kind, input);
  const greeting = `${input.recipientName} 様`;
  const text = [
    greeting,
    '',
    ...t.blocks.map((b) => (b.kind === 'p' ? `${b.text}\n` : b.kind === 'field' ? `${b.label}：${b.value}` : `\n${b.label}：\n${b.href}\n`)),
    '',
    '――――――――――――――――',
    FOOTER,
  ].join('\n');
  const p = (s: string) => `<p>${escapeHtml(s).replace(/\n/g, '<br>')}</p>`;
  const rows: string[] = [];
  const body: string[] = [p(greeting)];
  const flushRows = () => {
    if (rows.length) body.push(`<table cellpadding="4">${rows.splice(0).join('')}</table>`);
  };
  for (const b of t.blocks) {
    if (b.kind === 'field') {
      rows.push(`<tr><th align="left">${escapeHtml(b.label)}</th><td>${escapeHtml(b.value)}</td></tr>`);
      continue;
    }
    flushRows();
    body.push(b.kind === 'p' ? p(b.text) : `<p><a href="${escapeHtml(b.href)}">${escapeHtml(b.label)}</a></p>`);
  }
  flushRows();
  body.push(`<hr>${p(FOOTER)}`);
  const html = `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>${escapeHtml(t.subject)}</title></head><body>${body.join('\n')}</body></html>`;
  return { subject: t.subject, text, html };
}

/** The message side of a postcard. */
export function postcardText(kind: MessageKind, input: TemplateInput): PostcardText {
  const t = build(kind, input);
  const lines: string[] = [];
  let code: PostcardText['code'];
  let link: string | undefined;
  for (const b of t.blocks) {
    if (b.kind === 'p') lines.push(b.text);
    else if (b.kind === 'field' && b.label === '登録コード') code = { label: b.label, value: b.value };
    else if (b.kind === 'field') lines.push(`${b.label}：${b.value}`);
    else link = b.href;
  }
  return { title: t.subject.replace(/^【[^】]*】/, ''), lines, code, link };
}
